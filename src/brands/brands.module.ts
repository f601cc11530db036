import { Module } from '@nestjs/common';
import { BrandReader } from './brand-reader.service';
import { BrandsResolver } from './brands.resolver';
import { BrandsService } from './brands.service';

@Module({
  providers: [BrandReader, BrandsService, BrandsResolver],
  exports: [BrandReader, BrandsService],
})
export class BrandsModule {}
