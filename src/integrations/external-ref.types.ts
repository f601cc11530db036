import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Brand } from '../brands';
import { SocialProfile } from '../profiles';
import { ExternalRefEntityType } from './external-ref.entity';

registerEnumType(ExternalRefEntityType, {
  name: 'ExternalRefEntityType',
  description: 'The kinds of entity an external reference can name.',
  valuesMap: {
    BRAND: { description: 'A brand.' },
    SOCIAL_PROFILE: { description: 'A social profile.' },
    USER: { description: 'A user.' },
    POST: { description: 'A post.' },
    CONTACT: { description: 'An inbox contact (a customer who wrote to a brand).' },
    INBOX_ITEM: { description: 'An inbox item.' },
  },
});

@ObjectType({ description: "An entity's id in an integrated system; unique per organization, system and entity type." })
export class ExternalRef {
  @Field({ description: 'e.g. salesforce, hubspot, zendesk.' })
  system: string;

  @Field({ description: "The entity's id in that system." })
  externalId: string;

  @Field(() => ExternalRefEntityType, { description: 'The kind of entity named.' })
  entityType: ExternalRefEntityType;

  @Field(() => ID, { description: "The entity's id in Parasol." })
  entityId: string;

  @Field({ description: 'When the reference was made.' })
  createdAt: Date;
}

@ObjectType({ description: 'The result of upsertBrandByExternalRef.' })
export class UpsertBrandPayload {
  @Field(() => Brand, { description: 'The brand as it is now.' })
  brand: Brand;

  @Field({ description: 'True when this call created the brand; false when it updated it.' })
  created: boolean;
}

@ObjectType({ description: 'The result of upsertSocialProfileByExternalRef.' })
export class UpsertSocialProfilePayload {
  @Field(() => SocialProfile, { description: 'The profile as it is now.' })
  profile: SocialProfile;

  @Field({ description: 'True when this call created the profile; false when it updated it.' })
  created: boolean;
}

@ObjectType({ description: 'One line of an import and what became of it.' })
export class ImportLine {
  @Field({ description: '1-based: the array index + 1 in JSON, the line number in CSV (the header is line 1).' })
  line: number;

  @Field(() => String, { nullable: true, description: 'The path given on the line (slugs from the root, joined by /); null when the line had none.' })
  path: string | null;

  @Field(() => ID, { nullable: true, description: 'The brand created or updated; null for a rejected line.' })
  brandId: string | null;

  @Field(() => String, { nullable: true, description: 'Why the line was rejected.' })
  reason: string | null;
}

@ObjectType({ description: 'All or nothing: with any rejected line, nothing was written.' })
export class ImportReport {
  @Field({ description: 'True when every line was accepted and the tree was written.' })
  applied: boolean;

  @Field(() => [ImportLine], { description: 'Lines that create a brand.' })
  created: ImportLine[];

  @Field(() => [ImportLine], { description: 'Lines that update a brand.' })
  updated: ImportLine[];

  @Field(() => [ImportLine], { description: 'Lines refused, each with its reason.' })
  rejected: ImportLine[];
}
