import { Args, Mutation, Resolver, Subscription } from '@nestjs/graphql';
import { RequestContext } from '../../libs/core';
import { AccessService, Allow, Ctx, Permission } from '../../libs/auth';
import { BrandReader } from '../brands';
import { InboxNote } from './conversation.types';
import {
  AddInboxNoteArgs, AssignInboxItemArgs, InboxChangedArgs, InboxItemActionArgs, LabelInboxItemArgs, SetInboxAboutArgs, SetInboxPriorityArgs, ThankInboxItemArgs,
} from './dto/item-action.inputs';
import { INBOX_CHANGES_TOPIC, InboxChangeEvent, InboxChanges } from './inbox-changes';
import { InboxReader } from './inbox-reader.service';
import { InboxItem } from './inbox.types';
import { InboxItemActions, ItemClaim } from './item-actions.service';
import { ClaimInboxItemPayload, InboxChange } from './item-action.types';
import { InboxItemEdits } from './item-edits.service';

type SubscriptionContext = { requestContext: RequestContext };

// Every action needs inbox:respond on the item's brand or above (an item out of sight is
// NOT_FOUND), checked on the item by InboxItemLocks; @Allow refuses a caller who holds it nowhere.
@Resolver(() => InboxItem)
export class InboxItemActionsResolver {
  constructor(
    private readonly actions: InboxItemActions,
    private readonly edits: InboxItemEdits,
    private readonly changes: InboxChanges,
    private readonly brands: BrandReader,
    private readonly reader: InboxReader,
    private readonly access: AccessService,
  ) {}

  @Allow(Permission.INBOX_RESPOND)
  @Mutation(() => InboxItem, { description: 'Hands an item to an agent (OPEN -> ASSIGNED; a WAITING item keeps waiting), or unassigns it with assigneeId null. Needs `inbox:respond`.' })
  assignInboxItem(@Ctx() ctx: RequestContext, @Args() { id, assigneeId }: AssignInboxItemArgs): Promise<InboxItem> {
    return this.actions.assign(ctx, id, assigneeId ?? null);
  }

  @Allow(Permission.INBOX_RESPOND)
  @Mutation(() => ClaimInboxItemPayload, {
    description: 'The caller (a user) takes an item. Held by another agent: CONFLICT with extensions.assigneeId and assigneeName; already the caller\'s: alreadyHeld, nothing changes. Needs `inbox:respond`.',
  })
  claimInboxItem(@Ctx() ctx: RequestContext, @Args() { id }: InboxItemActionArgs): Promise<ItemClaim> {
    return this.actions.claim(ctx, id);
  }

  @Allow(Permission.INBOX_RESPOND)
  @Mutation(() => InboxItem, { description: 'Closes an OPEN, ASSIGNED or WAITING item. Needs `inbox:respond`.' })
  closeInboxItem(@Ctx() ctx: RequestContext, @Args() { id }: InboxItemActionArgs): Promise<InboxItem> {
    return this.actions.close(ctx, id);
  }

  @Allow(Permission.INBOX_RESPOND)
  @Mutation(() => InboxItem, { description: 'Reopens a CLOSED item: ASSIGNED when it has an assignee, else OPEN. Needs `inbox:respond`.' })
  reopenInboxItem(@Ctx() ctx: RequestContext, @Args() { id }: InboxItemActionArgs): Promise<InboxItem> {
    return this.actions.reopen(ctx, id);
  }

  @Allow(Permission.INBOX_RESPOND)
  @Mutation(() => InboxItem, { description: 'Adds and removes labels (normalized; compared without case). Needs `inbox:respond`.' })
  labelInboxItem(@Ctx() ctx: RequestContext, @Args() { id, add, remove }: LabelInboxItemArgs): Promise<InboxItem> {
    return this.edits.label(ctx, id, add ?? [], remove ?? []);
  }

  @Allow(Permission.INBOX_RESPOND)
  @Mutation(() => InboxNote, { description: 'Adds an internal note to an item; never sent to the customer. Needs `inbox:respond`.' })
  addInboxNote(@Ctx() ctx: RequestContext, @Args() { itemId, body }: AddInboxNoteArgs): Promise<InboxNote> {
    return this.edits.note(ctx, itemId, body);
  }

  @Allow(Permission.INBOX_RESPOND)
  @Mutation(() => InboxItem, { description: 'Records that the author was thanked (counted in the stats); once per item: a second thank-you is CONFLICT. Needs `inbox:respond`.' })
  thankInboxItem(@Ctx() ctx: RequestContext, @Args() { id, note }: ThankInboxItemArgs): Promise<InboxItem> {
    return this.edits.thank(ctx, id, note);
  }

  @Allow(Permission.INBOX_RESPOND)
  @Mutation(() => InboxItem, { description: 'Hides the message on the network through the profile\'s connector, then marks it HIDDEN. A network failure is UPSTREAM_UNAVAILABLE and changes nothing. Needs `inbox:respond`.' })
  hideInboxItem(@Ctx() ctx: RequestContext, @Args() { id }: InboxItemActionArgs): Promise<InboxItem> {
    return this.actions.hide(ctx, id);
  }

  @Allow(Permission.INBOX_RESPOND)
  @Mutation(() => InboxItem, { description: 'Unhides a HIDDEN or SPAM message on the network, then puts it back in the queue (ASSIGNED or OPEN). Needs `inbox:respond`.' })
  unhideInboxItem(@Ctx() ctx: RequestContext, @Args() { id }: InboxItemActionArgs): Promise<InboxItem> {
    return this.actions.unhide(ctx, id);
  }

  @Allow(Permission.INBOX_RESPOND)
  @Mutation(() => InboxItem, { description: 'Reports the message as spam on the network, then marks it SPAM. Needs `inbox:respond`.' })
  markSpam(@Ctx() ctx: RequestContext, @Args() { id }: InboxItemActionArgs): Promise<InboxItem> {
    return this.actions.markSpam(ctx, id);
  }

  @Allow(Permission.INBOX_RESPOND)
  @Mutation(() => InboxItem, { description: 'Says what an item is about (aboutSetBy AGENT). Needs `inbox:respond`.' })
  setInboxAbout(@Ctx() ctx: RequestContext, @Args() { id, about }: SetInboxAboutArgs): Promise<InboxItem> {
    return this.edits.setAbout(ctx, id, about);
  }

  @Allow(Permission.INBOX_RESPOND)
  @Mutation(() => InboxItem, { description: 'Sets how urgent an item is. Needs `inbox:respond`.' })
  setInboxPriority(@Ctx() ctx: RequestContext, @Args() { id, priority }: SetInboxPriorityArgs): Promise<InboxItem> {
    return this.edits.setPriority(ctx, id, priority);
  }

  @Allow(Permission.BRAND_READ)
  @Subscription(() => InboxChange, {
    description:
      'Tells the caller of every event of an inbox item (received, assigned, replied, sla_breached...) in the brand\'s subtree, as far as the caller may read; ' +
      'a brand out of reach is NOT_FOUND (connect over graphql-ws with { authorization: "Bearer ..." }). Needs `brand:read`.',
    filter(this: InboxItemActionsResolver, event: InboxChangeEvent, { brandId }: InboxChangedArgs, { requestContext: ctx }: SubscriptionContext) {
      // The caller's grants as re-read before the previous event (SubscriptionSessions.onNext).
      const inSubtree = event.brandId === brandId || event.brandAncestorIds.includes(brandId);
      return event.organizationId === ctx.organizationId && inSubtree && this.access.canSee(ctx, { id: event.brandId, ancestorIds: event.brandAncestorIds });
    },
    async resolve(this: InboxItemActionsResolver, event: InboxChangeEvent, _args: unknown, { requestContext: ctx }: SubscriptionContext): Promise<InboxChange> {
      // One context serves every event of the subscription: forget what earlier events read.
      ctx.clearLoaders();
      return { type: event.type, itemId: event.itemId, brandId: event.brandId, item: await this.reader.find(ctx, event.itemId) };
    },
  })
  async inboxChanged(@Ctx() ctx: RequestContext, @Args() { brandId }: InboxChangedArgs) {
    await this.brands.findById(ctx, brandId);
    return this.changes.pubsub.asyncIterableIterator(INBOX_CHANGES_TOPIC);
  }
}
