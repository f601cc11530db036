import { DomainEvent } from '../../libs/events';
import { Brand } from './brand.type';

/** A brand's events: the audited entity is the brand, which belongs to itself. */
abstract class BrandEvent<P> extends DomainEvent<P> {
  static readonly entityType = 'Brand';
}

/** A brand's change, before and after. */
abstract class BrandChanged extends BrandEvent<{ before: Brand; after: Brand }> {
  record() {
    const { before, after } = this.payload;
    return { entityId: before.id, brandId: before.id, before, after };
  }
}

export class BrandCreated extends BrandEvent<{ brand: Brand }> {
  static readonly type = 'brand.created';

  record() {
    const { brand } = this.payload;
    return { entityId: brand.id, brandId: brand.id, after: brand };
  }
}

export class BrandUpdated extends BrandChanged {
  static readonly type = 'brand.updated';
}

export class BrandMoved extends BrandChanged {
  static readonly type = 'brand.moved';
}

export class BrandArchived extends BrandChanged {
  static readonly type = 'brand.archived';
}

export const BRAND_EVENTS = [BrandCreated, BrandUpdated, BrandMoved, BrandArchived];
