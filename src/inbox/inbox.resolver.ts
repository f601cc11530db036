import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Connection, RequestContext } from '../../libs/core';
import { Allow, Ctx, Permission } from '../../libs/auth';
import { Contact } from './contact.types';
import { ContactIdArgs, InboxArgs, InboxItemIdArgs } from './dto/inbox.inputs';
import { IngestInboxItemInput } from './dto/ingest.inputs';
import { InboxIngestService } from './inbox-ingest.service';
import { InboxReader } from './inbox-reader.service';
import { InboxItem, InboxItemConnection } from './inbox.types';
import { IngestInboxItemsResult } from './ingest.types';

@Resolver(() => InboxItem)
export class InboxResolver {
  constructor(
    private readonly reader: InboxReader,
    private readonly ingestService: InboxIngestService,
  ) {}

  @Allow(Permission.BRAND_READ)
  @Query(() => InboxItemConnection, { description: 'The inbox: items of the brands the caller may read, NEWEST (default) or URGENT first. Needs `brand:read`.' })
  inbox(@Ctx() ctx: RequestContext, @Args() args: InboxArgs): Promise<Connection<InboxItem>> {
    return this.reader.list(ctx, args);
  }

  @Allow(Permission.BRAND_READ)
  @Query(() => InboxItem, { description: 'An inbox item; NOT_FOUND when unknown or its brand is out of reach. Needs `brand:read`.' })
  inboxItem(@Ctx() ctx: RequestContext, @Args() { id }: InboxItemIdArgs): Promise<InboxItem> {
    return this.reader.find(ctx, id);
  }

  @Allow(Permission.BRAND_READ)
  @Query(() => Contact, { description: 'A contact who wrote to a brand the caller may read; NOT_FOUND otherwise. Needs `brand:read`.' })
  contact(@Ctx() ctx: RequestContext, @Args() { id }: ContactIdArgs): Promise<Contact> {
    return this.reader.contact(ctx, id);
  }

  @Allow(Permission.INBOX_RESPOND)
  @Mutation(() => IngestInboxItemsResult, {
    description:
      'Ingests up to 500 incoming messages. Idempotent by (profileId, networkId): a repeat changes nothing and is DUPLICATE. ' +
      'Each item needs inbox:respond on its profile\'s brand; an invalid item is reported (INVALID, with errors) while the others go in. More than 500 is BAD_USER_INPUT for the whole call.',
  })
  ingestInboxItems(
    @Ctx() ctx: RequestContext,
    @Args('input', { type: () => [IngestInboxItemInput], description: 'The items, at most 500.' }) input: IngestInboxItemInput[],
  ): Promise<IngestInboxItemsResult> {
    return this.ingestService.ingest(ctx, input);
  }
}
