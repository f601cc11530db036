import { Module } from '@nestjs/common';
import { BrandsModule } from '../brands/brands.module';
import { BrandProfilesResolver, SocialProfilesResolver } from './social-profiles.resolver';
import { SocialProfilesService } from './social-profiles.service';

@Module({
  imports: [BrandsModule],
  providers: [SocialProfilesService, SocialProfilesResolver, BrandProfilesResolver],
  exports: [SocialProfilesService],
})
export class SocialProfilesModule {}
