import { Module } from '@nestjs/common';
import { BrandsModule } from '../brands';
import { BrandConsoleReader } from './brand-console.reader';
import { BrandConsoleResolver } from './brand-console.resolver';

/** `brand(id)`: a brand with the tree its selection asks for, read in one statement. */
@Module({
  imports: [BrandsModule],
  providers: [BrandConsoleReader, BrandConsoleResolver],
})
export class BrandConsoleModule {}
