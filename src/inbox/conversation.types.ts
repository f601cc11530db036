import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '../../libs/core';
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

@ObjectType({ description: 'A thread on one profile with one contact: its incoming items and outgoing replies.' })
export class InboxConversation {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  brandId: string;

  @Field(() => ID)
  profileId: string;

  @Field(() => ID, { description: 'The contact who opened it.' })
  contactId: string;

  @Field({ description: 'What groups its messages: thread:<id>, dm:<handle>, or item:<network id> of its first comment.' })
  threadKey: string;

  @Field()
  createdAt: Date;

  @Field({ description: 'When its latest incoming message was received.' })
  lastMessageAt: Date;
}

@ObjectType({ description: 'One message of a conversation, either way.' })
export class InboxMessage {
  @Field(() => ID, { description: 'The item (IN) or the reply (OUT).' })
  id: string;

  @Field(() => InboxMessageDirection)
  direction: InboxMessageDirection;

  @Field()
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

@ObjectType({ description: 'One outgoing message: a reply to an inbox item, sent through the profile\'s connector.' })
export class InboxReply {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  itemId: string;

  @Field(() => ID)
  conversationId: string;

  @Field(() => ID)
  brandId: string;

  @Field(() => ID)
  profileId: string;

  @Field(() => ID, { description: 'The user or API key that wrote it.' })
  authorId: string;

  @Field(() => PrincipalType)
  authorType: PrincipalType;

  @Field()
  body: string;

  @Field(() => [String], { description: 'Tags the policies read (e.g. PROMOTION for a disclosure).' })
  tags: string[];

  @Field(() => InboxReplyStatus)
  status: InboxReplyStatus;

  @Field(() => String, { nullable: true, description: 'Its id on the network once sent.' })
  networkId: string | null;

  @Field(() => String, { nullable: true, description: 'Why the connector refused it.' })
  error: string | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  sentAt: Date | null;
}

@ObjectType({ description: 'An internal note on an inbox item; never sent to the customer.' })
export class InboxNote {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  itemId: string;

  @Field(() => ID, { description: 'The user or API key that wrote it.' })
  authorId: string;

  @Field()
  body: string;

  @Field()
  createdAt: Date;
}
