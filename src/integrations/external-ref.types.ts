import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Brand } from '../brands';
import { SocialProfile } from '../profiles';
import { ExternalRefEntityType } from './external-ref.entity';

registerEnumType(ExternalRefEntityType, { name: 'ExternalRefEntityType' });

@ObjectType({ description: "An entity's id in an integrated system; unique per organization, system and entity type." })
export class ExternalRef {
  @Field({ description: 'e.g. salesforce, hubspot, zendesk.' })
  system: string;

  @Field()
  externalId: string;

  @Field(() => ExternalRefEntityType)
  entityType: ExternalRefEntityType;

  @Field(() => ID)
  entityId: string;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class UpsertBrandPayload {
  @Field(() => Brand)
  brand: Brand;

  @Field({ description: 'True when this call created the brand; false when it updated it.' })
  created: boolean;
}

@ObjectType()
export class UpsertSocialProfilePayload {
  @Field(() => SocialProfile)
  profile: SocialProfile;

  @Field()
  created: boolean;
}

@ObjectType({ description: 'One line of an import and what became of it.' })
export class ImportLine {
  @Field({ description: '1-based: the array index + 1 in JSON, the line number in CSV (the header is line 1).' })
  line: number;

  @Field(() => String, { nullable: true })
  path: string | null;

  @Field(() => ID, { nullable: true })
  brandId: string | null;

  @Field(() => String, { nullable: true, description: 'Why the line was rejected.' })
  reason: string | null;
}

@ObjectType({ description: 'All or nothing: with any rejected line, nothing was written.' })
export class ImportReport {
  @Field({ description: 'True when every line was accepted and the tree was written.' })
  applied: boolean;

  @Field(() => [ImportLine])
  created: ImportLine[];

  @Field(() => [ImportLine])
  updated: ImportLine[];

  @Field(() => [ImportLine])
  rejected: ImportLine[];
}
