import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, Node } from '../../libs/core';
import { BrandStatus } from './brand.entity';

registerEnumType(BrandStatus, { name: 'BrandStatus' });

@ObjectType({ description: 'How the brand looks and sounds.' })
export class Branding {
  @Field(() => String, { nullable: true })
  logoUrl: string | null;

  @Field(() => String, { nullable: true, description: 'Hex colour, #RRGGBB.' })
  primaryColor: string | null;

  @Field(() => String, { nullable: true, description: 'Hex colour, #RRGGBB.' })
  secondaryColor: string | null;

  @Field(() => String, { nullable: true, description: 'Tone of voice for everyone who writes for the brand.' })
  voiceGuidelines: string | null;
}

@ObjectType({ description: 'Who the brand talks to, and how it stands against competitors.' })
export class Audience {
  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => [String])
  painPoints: string[];

  @Field(() => String, { nullable: true })
  positioning: string | null;

  @Field(() => [String])
  competitors: string[];
}

@ObjectType({ description: 'A node of the brand tree: an umbrella brand (a root), a sub-brand, a product line...', implements: () => [Node] })
export class Brand {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'Unique among its live siblings; the last segment of `path`.' })
  slug: string;

  @Field(() => BrandStatus)
  status: BrandStatus;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => Int, { description: '0 for a root (umbrella) brand.' })
  depth: number;

  @Field(() => Branding)
  branding: Branding;

  @Field(() => Audience)
  audience: Audience;

  @Field(() => [String])
  goals: string[];

  @Field(() => Date, { nullable: true })
  archivedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  organizationId: string;
  parentId: string | null;
  ancestorIds: string[];
}

export const BrandConnection = ConnectionType(Brand);
