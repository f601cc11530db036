import { Module } from '@nestjs/common';
import { BrandReader } from './brand-reader.service';
import { BrandsResolver, RoleAssignmentBrandResolver } from './brands.resolver';
import { BrandsService } from './brands.service';

@Module({
  providers: [BrandReader, BrandsService, BrandsResolver, RoleAssignmentBrandResolver],
  exports: [BrandReader, BrandsService],
})
export class BrandsModule {}
