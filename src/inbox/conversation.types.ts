import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, Node } from '../../libs/core';
import { PrincipalType } from '../access';
import { InboxReplyStatus } from './inbox.enums';

export enum InboxMessageDirection {
  IN = 'IN',
  OUT = 'OUT',
}

registerEnumType(InboxMessageDirection, {
  name: 'InboxMessageDirection',
  description: 'Which way a message of a conversation went.',
  valuesMap: { IN: { description: 'From the contact (an inbox item).' }, OUT: { description: 'From the brand (a reply).' } },
});
registerEnumType(InboxReplyStatus, {
  name: 'InboxReplyStatus',
  description: 'Where an outgoing reply stands.',
  valuesMap: {
    PENDING_APPROVAL: { description: 'Waiting for an approval request to be decided.' },
    SENDING: { description: 'Handed to the connector.' },
    SENT: { description: 'Out on the network.' },
    FAILED: { description: 'The connector refused it (see error).' },
    REJECTED: { description: 'Its approval was rejected: it will not go out.' },
    CHANGES_REQUESTED: { description: 'Its approver asked for changes.' },
  },
});

@ObjectType({ description: 'A thread on one profile with one contact: its incoming items and outgoing replies.', implements: () => [Node] })
export class InboxConversation {
  @Field(() => ID, { description: 'Its id.' })
  id: string;

  @Field(() => ID, { description: 'The brand it belongs to.' })
  brandId: string;

  @Field(() => ID, { description: 'The social profile it is on.' })
  profileId: string;

  @Field(() => ID, { description: 'The contact who opened it.' })
  contactId: string;

  @Field({ description: 'What groups its messages: thread:<id>, dm:<handle>, or item:<network id> of its first comment.' })
  threadKey: string;

  @Field({ description: 'When it was stored.' })
  createdAt: Date;

  @Field({ description: 'When its latest incoming message was received.' })
  lastMessageAt: Date;
}

@ObjectType({ description: 'One message of a conversation, either way.' })
export class InboxMessage {
  @Field(() => ID, { description: 'The item (IN) or the reply (OUT).' })
  id: string;

  @Field(() => InboxMessageDirection, { description: 'IN from the contact, OUT from the brand.' })
  direction: InboxMessageDirection;

  @Field({ description: 'Its text.' })
  body: string;

  @Field({ description: 'When it was received (IN), or sent, else written (OUT).' })
  at: Date;

  @Field(() => ID, { nullable: true, description: 'The inbox item: itself (IN), or the one it answers (OUT).' })
  itemId: string | null;

  @Field(() => ID, { nullable: true, description: 'The reply (OUT only).' })
  replyId: string | null;

  @Field({ description: 'The item\'s InboxItemStatus (IN) or the reply\'s InboxReplyStatus (OUT).' })
  status: string;
}

export const InboxMessageConnection = ConnectionType(InboxMessage);

@ObjectType({ description: 'One outgoing message: a reply to an inbox item, sent through the profile\'s connector.', implements: () => [Node] })
export class InboxReply {
  @Field(() => ID, { description: 'Its id.' })
  id: string;

  @Field(() => ID, { description: 'The inbox item it belongs to.' })
  itemId: string;

  @Field(() => ID, { description: 'The conversation it belongs to.' })
  conversationId: string;

  @Field(() => ID, { description: 'The brand it belongs to.' })
  brandId: string;

  @Field(() => ID, { description: 'The social profile it is on.' })
  profileId: string;

  @Field(() => ID, { description: 'The user or API key that wrote it.' })
  authorId: string;

  @Field(() => PrincipalType, { description: 'Whether a user or an API key wrote it.' })
  authorType: PrincipalType;

  @Field({ description: 'Its text.' })
  body: string;

  @Field(() => [String], { description: 'Tags the policies read (e.g. PROMOTION for a disclosure).' })
  tags: string[];

  @Field(() => InboxReplyStatus, { description: 'Where it stands.' })
  status: InboxReplyStatus;

  @Field(() => String, { nullable: true, description: 'Its id on the network once sent.' })
  networkId: string | null;

  @Field(() => String, { nullable: true, description: 'Why the connector refused it.' })
  error: string | null;

  @Field({ description: 'When it was stored.' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it went out on the network.' })
  sentAt: Date | null;
}

@ObjectType({ description: 'An internal note on an inbox item; never sent to the customer.', implements: () => [Node] })
export class InboxNote {
  @Field(() => ID, { description: 'Its id.' })
  id: string;

  @Field(() => ID, { description: 'The inbox item it belongs to.' })
  itemId: string;

  @Field(() => ID, { description: 'The user or API key that wrote it.' })
  authorId: string;

  @Field({ description: 'Its text.' })
  body: string;

  @Field({ description: 'When it was stored.' })
  createdAt: Date;
}

export const InboxNoteConnection = ConnectionType(InboxNote);
export const InboxReplyConnection = ConnectionType(InboxReply);
