import { Module } from '@nestjs/common';
import { BrandPoliciesResolver, PoliciesResolver } from './policies.resolver';
import { PoliciesService } from './policies.service';

@Module({ providers: [PoliciesService, PoliciesResolver, BrandPoliciesResolver], exports: [PoliciesService] })
export class PoliciesModule {}
