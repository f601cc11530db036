import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { InboxItem } from './inbox.types';

export enum IngestStatus {
  CREATED = 'CREATED',
  DUPLICATE = 'DUPLICATE',
  INVALID = 'INVALID',
}

registerEnumType(IngestStatus, {
  name: 'IngestStatus',
  description: 'What ingestInboxItems did with one item.',
  valuesMap: {
    CREATED: { description: 'A new item: it is in the inbox now.' },
    DUPLICATE: { description: 'The profile already had an item with this network id (or an earlier item of the same call had it): nothing changed.' },
    INVALID: { description: 'Refused: see errors. Nothing was written for it.' },
  },
});

@ObjectType({ description: 'One problem with one ingested item.' })
export class IngestError {
  @Field({ description: 'Its path in the call, e.g. input.3.author.handle.' })
  field: string;

  @Field({ description: 'What is wrong.' })
  message: string;

  @Field({ description: 'BAD_USER_INPUT, NOT_FOUND (unknown or unreadable profile) or FORBIDDEN (no inbox:respond on its brand).' })
  code: string;
}

@ObjectType({ description: 'What ingestInboxItems did with one item of its input.' })
export class IngestResult {
  @Field(() => Int, { description: 'The item\'s position in the input, from 0.' })
  index: number;

  @Field(() => IngestStatus, { description: 'Where it stands.' })
  status: IngestStatus;

  @Field(() => InboxItem, { nullable: true, description: 'The item created, or the one already there (DUPLICATE); null when INVALID.' })
  item: InboxItem | null;

  @Field(() => [IngestError], { description: 'Why it was refused (INVALID only).' })
  errors: IngestError[];
}

@ObjectType({ description: 'The answer of ingestInboxItems: one result per input item, in input order, and the counts.' })
export class IngestInboxItemsResult {
  @Field(() => [IngestResult], { description: 'One per input item, in input order.' })
  results: IngestResult[];

  @Field(() => Int, { description: 'How many items were created.' })
  created: number;

  @Field(() => Int, { description: 'How many were already there (or repeated in the call).' })
  duplicates: number;

  @Field(() => Int, { description: 'How many were refused.' })
  invalid: number;
}
