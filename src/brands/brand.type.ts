import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, Node } from '../../libs/core';
import { BrandStatus } from './brand.entity';

registerEnumType(BrandStatus, {
  name: 'BrandStatus',
  description: 'Whether a brand is in use.',
  valuesMap: {
    ACTIVE: { description: 'In use: its profiles and posts can change.' },
    ARCHIVED: { description: 'Archived with its subtree: kept for history, read-only, hidden from lists unless asked for.' },
  },
});

@ObjectType({ description: 'How the brand looks and sounds.' })
export class Branding {
  @Field(() => String, { nullable: true, description: "The logo's http(s) URL; null when none is set." })
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
  @Field(() => String, { nullable: true, description: "Who the brand talks to, in the marketing team's words." })
  description: string | null;

  @Field(() => [String], { description: 'What troubles the audience, which the brand answers.' })
  painPoints: string[];

  @Field(() => String, { nullable: true, description: 'How the brand sets itself apart.' })
  positioning: string | null;

  @Field(() => [String], { description: 'Competing brands, by name.' })
  competitors: string[];
}

@ObjectType({ description: 'A node of the brand tree: an umbrella brand (a root), a sub-brand, a product line...', implements: () => [Node] })
export class Brand {
  @Field(() => ID, { description: "The brand's id (a UUID)." })
  id: string;

  @Field({ description: "The brand's name, 1 to 120 characters." })
  name: string;

  @Field({ description: 'Unique among its live siblings; the last segment of `path`.' })
  slug: string;

  @Field(() => BrandStatus, { description: 'ACTIVE, or ARCHIVED (read-only, hidden from lists unless asked for).' })
  status: BrandStatus;

  @Field(() => String, { nullable: true, description: 'What the brand is, for the people who work on it; at most 5,000 characters.' })
  description: string | null;

  @Field(() => Int, { description: '0 for a root (umbrella) brand.' })
  depth: number;

  @Field(() => Branding, { description: 'Logo, colours and voice.' })
  branding: Branding;

  @Field(() => Audience, { description: 'Who the brand talks to.' })
  audience: Audience;

  @Field(() => [String], { description: 'What the brand wants to achieve, one goal per item.' })
  goals: string[];

  @Field(() => Date, { nullable: true, description: 'When the brand was archived; null while ACTIVE.' })
  archivedAt: Date | null;

  @Field({ description: 'When the brand was created.' })
  createdAt: Date;

  @Field({ description: 'When the brand last changed.' })
  updatedAt: Date;

  organizationId: string;
  parentId: string | null;
  ancestorIds: string[];
}

export const BrandConnection = ConnectionType(Brand);
