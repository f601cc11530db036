// The brands feature's public face: what other features and the app root may use. Anything
// not exported here is the feature's own; .dependency-cruiser.cjs enforces the rule.
export { BrandReader, subtreeCursor } from './brand-reader.service';
export { BrandEntity, BrandStatus } from './brand.entity';
export { BrandIdColumn, BrandRelation } from './brand-relation';
export { BRAND_EVENTS } from './brand.events';
export { BRAND_COLUMNS, brandColumns, toBrand, withCoreFields } from './brand.mapper';
export type { BrandRow } from './brand.mapper';
export { Brand } from './brand.type';
export { BrandsService } from './brands.service';
export { BrandDetailsInput, BrandIdArgs, UpdateBrandInput } from './dto/brand.inputs';
export { BrandsModule } from './brands.module';
