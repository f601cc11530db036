import { Module } from '@nestjs/common';
import { BrandsModule } from '../brands';
import { PoliciesModule } from '../policies';
import { BrandProfilesResolver, SocialProfilesResolver } from './social-profiles.resolver';
import { SocialProfilesService } from './social-profiles.service';

@Module({
  imports: [BrandsModule, PoliciesModule],
  providers: [SocialProfilesService, SocialProfilesResolver, BrandProfilesResolver],
  exports: [SocialProfilesService],
})
export class SocialProfilesModule {}
