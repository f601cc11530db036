import { Field, ID, ObjectType } from '@nestjs/graphql';
import { InboxItem } from './inbox.types';

@ObjectType({ description: 'What claimInboxItem did: the item, and whether the caller already held it.' })
export class ClaimInboxItemPayload {
  @Field(() => InboxItem, { description: 'The item, held by the caller.' })
  item: InboxItem;

  @Field({ description: 'True when the caller already held the item: nothing changed (no event, same version).' })
  alreadyHeld: boolean;
}

@ObjectType({ description: 'Something happened to an inbox item of the subscribed brand\'s subtree (inboxChanged).' })
export class InboxChange {
  @Field({ description: 'The event type, as the audit log, change feed and webhooks name it: inbox.item.received, inbox.item.assigned...' })
  type: string;

  @Field(() => ID, { description: 'The item.' })
  itemId: string;

  @Field(() => ID, { description: 'The item\'s brand.' })
  brandId: string;

  @Field(() => InboxItem, { description: 'The item as it is when the event is sent (read afresh, so it may be newer than the event).' })
  item: InboxItem;
}
