import { AudienceData, BrandingData, BrandStatus } from './brand.entity';
import { Brand } from './brand.type';

export interface BrandRow {
  id: string;
  organization_id: string;
  parent_id: string | null;
  ancestor_ids: string[];
  depth: number;
  name: string;
  slug: string;
  status: BrandStatus;
  description: string | null;
  branding: BrandingData;
  audience: AudienceData;
  goals: string[];
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Columns of `brands` in the order BrandRow expects. */
export const BRAND_COLUMNS = ['id', 'organization_id', 'parent_id', 'ancestor_ids', 'depth', 'name', 'slug', 'status', 'description', 'branding', 'audience', 'goals', 'archived_at', 'created_at', 'updated_at'];

/** BRAND_COLUMNS for a given table alias. */
export const brandColumns = (alias: string) => BRAND_COLUMNS.map((c) => `${alias}.${c}`).join(', ');

/**
 * Sets on `brand` the fields every brand object has, whichever columns were read (the brand
 * console makes brands without their descriptive fields with it: src/brand-console/entities.ts).
 */
export function withCoreFields(brand: Brand, row: BrandRow): Brand {
  brand.id = row.id;
  brand.organizationId = row.organization_id;
  brand.parentId = row.parent_id;
  brand.ancestorIds = row.ancestor_ids;
  brand.depth = row.depth;
  brand.name = row.name;
  brand.slug = row.slug;
  brand.status = row.status;
  brand.archivedAt = row.archived_at;
  brand.createdAt = row.created_at;
  brand.updatedAt = row.updated_at;
  return brand;
}

export function toBrand(row: BrandRow): Brand {
  const brand = withCoreFields({} as Brand, row);
  brand.description = row.description;
  brand.branding = {
    logoUrl: row.branding.logoUrl ?? null,
    primaryColor: row.branding.primaryColor ?? null,
    secondaryColor: row.branding.secondaryColor ?? null,
    voiceGuidelines: row.branding.voiceGuidelines ?? null,
  };
  brand.audience = {
    description: row.audience.description ?? null,
    painPoints: row.audience.painPoints ?? [],
    positioning: row.audience.positioning ?? null,
    competitors: row.audience.competitors ?? [],
  };
  brand.goals = row.goals;
  return brand;
}
