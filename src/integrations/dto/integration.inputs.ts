import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsEntityId, IsWebUrl, NameField, OptionalBrandIdField, SocialNetwork, stackDecorators } from '../../../libs/core';
import { BrandDetailsInput } from '../../brands';
import { ExternalRefEntityType } from '../external-ref.entity';

const SYSTEM = /^[a-z][a-z0-9_.-]{0,59}$/;
const SYSTEM_MESSAGE = 'system must be lower-case letters, digits, dots, dashes or underscores, like "salesforce"';

// An external ref's two fields, declared by ExternalRefInput and again by the upserts that
// flatten them beside a brand's or a profile's own fields.
const SystemField = () =>
  stackDecorators(Field({ description: 'The integrated system, e.g. salesforce: 1 to 60 lower-case letters, digits, dots, dashes or underscores, starting with a letter.' }), Matches(SYSTEM, { message: SYSTEM_MESSAGE }));
const ExternalIdField = () => stackDecorators(Field({ description: "The entity's id in that system, 1 to 255 characters." }), IsString(), MinLength(1), MaxLength(255));

@InputType({ description: 'An entity named by its id in an integrated system.' })
export class ExternalRefInput {
  @SystemField()
  system: string;

  @ExternalIdField()
  externalId: string;
}

@InputType({ description: 'Names an entity of Parasol in an integrated system (replacing its previous name there).' })
export class SetExternalRefInput extends ExternalRefInput {
  @Field(() => ExternalRefEntityType, { description: 'The kind of entity named.' })
  @IsEnum(ExternalRefEntityType)
  entityType: ExternalRefEntityType;

  @Field(() => ID, { description: "The entity's id in Parasol; NOT_FOUND when it is not in the caller's reach." })
  @IsEntityId()
  entityId: string;
}

@InputType({ description: 'Creates the brand the first time an external id is seen, updates it after; safe to repeat.' })
export class UpsertBrandByExternalRefInput extends BrandDetailsInput {
  @SystemField()
  system: string;

  @ExternalIdField()
  externalId: string;

  @NameField("The brand's name, 1 to 120 characters, not blank.")
  name: string;

  @Field(() => String, { nullable: true, description: 'The slug (lower-case letters, digits and single dashes, at most 64 characters); derived from the name when left out.' })
  @IsOptional()
  @MaxLength(64)
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'slug must be lower-case letters, digits and single dashes' })
  slug?: string | null;

  @Field(() => ExternalRefInput, { nullable: true, description: 'The parent by its external id (in this or another system).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExternalRefInput)
  parentExternalRef?: ExternalRefInput | null;

  @OptionalBrandIdField('The parent by id; leave both parent fields out for a root brand.')
  parentId?: string | null;
}

@InputType({ description: 'Creates the profile the first time an external id is seen, updates it after; safe to repeat.' })
export class UpsertSocialProfileByExternalRefInput extends ExternalRefInput {
  @Field(() => ExternalRefInput, { nullable: true, description: 'The brand by its external id; give it or brandId.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExternalRefInput)
  brandExternalRef?: ExternalRefInput | null;

  @OptionalBrandIdField('The brand by id; give it or brandExternalRef.')
  brandId?: string | null;

  @Field(() => SocialNetwork, { description: 'The network the page is on.' })
  @IsEnum(SocialNetwork)
  network: SocialNetwork;

  @Field({ description: 'The handle on the network (a leading @ is dropped); 1 to 100 characters, unique per network in the organization.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  handle: string;

  @Field({ description: 'The name the page shows, 1 to 120 characters.' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName: string;

  @Field(() => String, { nullable: true, description: "The page's http(s) URL." })
  @IsOptional()
  @IsWebUrl()
  url?: string | null;
}

@ArgsType()
export class BrandByExternalRefArgs {
  @SystemField()
  system: string;

  @ExternalIdField()
  externalId: string;
}

export const TREE_FORMATS = ['JSON', 'CSV'] as const;
export type TreeFormat = (typeof TREE_FORMATS)[number];

@InputType({ description: 'A brand tree (with profiles) to load, all or nothing.' })
export class ImportBrandTreeInput {
  @Field(() => String, { description: 'JSON or CSV.' })
  @IsIn(TREE_FORMATS, { message: 'format must be JSON or CSV' })
  format: TreeFormat;

  @Field({ description: 'The document: a JSON array of brands, or CSV with a header line (see the README).' })
  @IsString()
  @MinLength(1)
  @MaxLength(5_000_000)
  document: string;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Check and report without writing.' })
  @IsOptional()
  dryRun?: boolean;
}

@ArgsType()
export class ExportBrandTreeArgs {
  @Field(() => String, { description: 'JSON or CSV.' })
  @IsIn(TREE_FORMATS, { message: 'format must be JSON or CSV' })
  format: TreeFormat;

  @OptionalBrandIdField('Export this brand and its subtree; every readable brand when left out.')
  rootId?: string | null;

  @Field(() => String, { nullable: true, description: 'Name external references of this system in the export.' })
  @IsOptional()
  @Matches(SYSTEM, { message: SYSTEM_MESSAGE })
  system?: string | null;
}
