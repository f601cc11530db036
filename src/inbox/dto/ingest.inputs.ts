import { Field, ID, InputType } from '@nestjs/graphql';
import { InboxAbout, InboxItemKind } from '../inbox.enums';

// No class-validator rules here on purpose: a list argument is not validated by the input pipe,
// and a bad field must fail its own item, not the call. ingest-checks.ts checks every field.

@InputType({ description: 'Who wrote an incoming message: becomes (or updates) a Contact, one per network handle.' })
export class IngestAuthorInput {
  @Field({ description: 'Their handle on the profile\'s network (1 to 200 characters; a leading @ is dropped).' })
  handle: string;

  @Field(() => String, { nullable: true, description: 'Their display name (up to 200 characters).' })
  displayName?: string | null;

  @Field(() => String, { nullable: true, description: 'Their profile page (an http(s) URL).' })
  profileUrl?: string | null;
}

@InputType({ description: 'One incoming message for ingestInboxItems. Idempotent by (profileId, networkId).' })
export class IngestInboxItemInput {
  @Field(() => ID, { description: 'The profile it came in on; the item belongs to that profile\'s brand.' })
  profileId: string;

  @Field({ description: 'Its id on the network (1 to 295 characters): with the profile, the idempotency key.' })
  networkId: string;

  @Field(() => InboxItemKind, { description: 'What it is: a comment, a reply, a mention, a direct message, a review or a share.' })
  kind: InboxItemKind;

  @Field(() => InboxAbout, { nullable: true, description: 'What it is about, if the integrator knows; OTHER by default.' })
  about?: InboxAbout | null;

  @Field({ description: 'The message text (up to 20,000 characters).' })
  body: string;

  @Field(() => String, { nullable: true, description: 'Its language, a BCP 47 tag such as en or pt-BR.' })
  language?: string | null;

  @Field(() => IngestAuthorInput, { description: 'Who wrote it on the network: matched to (or made into) a contact of the organization.' })
  author: IngestAuthorInput;

  @Field({ description: 'When the network received it (at most 5 minutes in the future).' })
  receivedAt: Date;

  @Field(() => String, { nullable: true, description: 'The network id of the message it answers: an item already on this profile puts it in that item\'s conversation.' })
  parentNetworkId?: string | null;

  @Field(() => String, { nullable: true, description: 'The network\'s thread id (up to 290 characters): messages with the same one share a conversation.' })
  threadId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The post it answers: a post of the profile\'s brand that lists this profile.' })
  postId?: string | null;

  @Field(() => String, { nullable: true, description: 'Its address on the network (an http(s) URL).' })
  permalink?: string | null;
}
