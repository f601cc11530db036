import { entityEvents } from '../../libs/events';
import { Brand } from './brand.type';

/** A brand's events: the audited entity is the brand, which belongs to itself. */
const BrandEvent = entityEvents('Brand', 'brand', (brand: Brand) => brand.id);

export class BrandCreated extends BrandEvent.Created {
  static readonly type = 'brand.created';
}

export class BrandUpdated extends BrandEvent.Changed {
  static readonly type = 'brand.updated';
}

export class BrandMoved extends BrandEvent.Changed {
  static readonly type = 'brand.moved';
}

export class BrandArchived extends BrandEvent.Changed {
  static readonly type = 'brand.archived';
}

export const BRAND_EVENTS = [BrandCreated, BrandUpdated, BrandMoved, BrandArchived];
