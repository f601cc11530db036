import { Module } from '@nestjs/common';
import { BrandReader } from './brand-reader.service';
import { BrandTreeReader } from './brand-tree.reader';
import { BrandsResolver, RoleAssignmentBrandResolver } from './brands.resolver';
import { BrandsService } from './brands.service';

@Module({
  providers: [BrandReader, BrandTreeReader, BrandsService, BrandsResolver, RoleAssignmentBrandResolver],
  exports: [BrandReader, BrandsService],
})
export class BrandsModule {}
