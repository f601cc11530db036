import { Module } from '@nestjs/common';
import { BrandPoliciesResolver, PoliciesResolver } from './policies.resolver';
import { PoliciesService } from './policies.service';
import { PolicyNodeReader } from './policy-node.reader';

@Module({ providers: [PoliciesService, PolicyNodeReader, PoliciesResolver, BrandPoliciesResolver], exports: [PoliciesService, PolicyNodeReader] })
export class PoliciesModule {}
