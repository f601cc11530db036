import { Module } from '@nestjs/common';
import { BrandReader } from './brand-reader.service';
import { BrandTreeReader } from './brand-tree.reader';
import { BrandsResolver } from './brands.resolver';
import { BrandsService } from './brands.service';

@Module({
  providers: [BrandReader, BrandTreeReader, BrandsService, BrandsResolver],
  exports: [BrandReader, BrandsService],
})
export class BrandsModule {}
