import { Injectable } from '@nestjs/common';
import { BadUserInputError, RequestContext } from '../../libs/core';
import { AccessService, Permission } from '../../libs/auth';
import { Db } from '../../libs/database';
import { EventPublisher } from '../audit';
import { Contact } from './contact.types';
import { InboxAbout } from './inbox.enums';
import { ContactCreated, InboxItemReceived } from './inbox.events';
import { toContact, toInboxItem } from './inbox.mapper';
import { InboxItem } from './inbox.types';
import { InboxTriage, TriageItem } from './inbox-triage';
import { checkFields, IngestError, IngestItemFields, MAX_INGEST_ITEMS, normalizeHandle, threadKey } from './ingest-checks';
import { IngestLookups, itemKey, PostFacts, ProfileFacts } from './ingest-lookups';
import { IngestInboxItemsResult, IngestResult, IngestStatus } from './ingest.types';
import { contactKey, ContactUpsert, ConversationUpsert, IngestWrites, ItemInsert } from './ingest-writes';

/** An item that passed every check and is not yet in the inbox. */
interface Accepted {
  index: number;
  fields: IngestItemFields;
  handle: string;
  profile: ProfileFacts;
  post: PostFacts | null;
  key: string;
  threadKey: string;
}

const invalid = (index: number, errors: IngestError[]): IngestResult => ({ index, status: IngestStatus.INVALID, item: null, errors });

/**
 * ingestInboxItems: up to 500 incoming messages in one transaction, with a fixed number of
 * statements whatever the batch size (three reads, then one multi-row write each for contacts,
 * conversations and items). Idempotent by (profile, network id); an invalid item is reported
 * and skipped while the others go in.
 */
@Injectable()
export class InboxIngestService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly events: EventPublisher,
    private readonly triage: InboxTriage,
  ) {}

  async ingest(ctx: RequestContext, input: IngestItemFields[]): Promise<IngestInboxItemsResult> {
    if (input.length > MAX_INGEST_ITEMS) throw BadUserInputError.field('input', `at most ${MAX_INGEST_ITEMS} items per call (got ${input.length})`);
    return this.db.transaction(async () => {
      const now = new Date();
      const results: IngestResult[] = [];
      const checked = input.flatMap((fields, index) => {
        const errors = checkFields(fields, `input.${index}`, now);
        if (errors.length) results[index] = invalid(index, errors);
        return errors.length ? [] : [{ index, fields }];
      });
      const lookups = new IngestLookups(this.db, ctx.organizationId);
      const profiles = await lookups.profiles([...new Set(checked.map((c) => c.fields.profileId))]);
      const posts = await lookups.posts([...new Set(checked.flatMap((c) => (c.fields.postId ? [c.fields.postId] : [])))]);

      // The first item of the call with a key goes in; later ones are duplicates of it.
      const firstOfKey = new Map<string, number>();
      const accepted: Accepted[] = [];
      const repeats: { index: number; key: string }[] = [];
      for (const { index, fields } of checked) {
        const profile = profiles.get(fields.profileId);
        const post = fields.postId ? (posts.get(fields.postId) ?? null) : null;
        const errors = this.checkScope(ctx, `input.${index}`, fields, profile, post);
        if (errors.length) {
          results[index] = invalid(index, errors);
          continue;
        }
        const key = itemKey(fields.profileId, fields.networkId);
        if (firstOfKey.has(key)) {
          repeats.push({ index, key });
          continue;
        }
        firstOfKey.set(key, index);
        accepted.push({ index, fields, handle: normalizeHandle(fields.author.handle), profile: profile!, post, key, threadKey: '' });
      }

      const existing = await lookups.existing(accepted.map((a) => ({ profileId: a.profile.id, networkId: a.fields.networkId })));
      const fresh = accepted.filter((a) => !existing.has(a.key));
      const parents = await lookups.parentThreads(fresh.flatMap((a) => (a.fields.parentNetworkId ? [{ profileId: a.profile.id, networkId: a.fields.parentNetworkId }] : [])));
      assignThreads(fresh, parents);

      const created = fresh.length ? await this.write(ctx, fresh) : new Map<string, InboxItem>();
      // An item a concurrent call stored between our read and our insert: read it as a duplicate.
      const raced = fresh.filter((a) => !created.has(a.key));
      const late = raced.length ? await lookups.existing(raced.map((a) => ({ profileId: a.profile.id, networkId: a.fields.networkId }))) : new Map();
      const stored = (key: string) => created.get(key) ?? toItemOrNull(existing.get(key) ?? late.get(key), now);
      for (const a of accepted) {
        const status = created.has(a.key) ? IngestStatus.CREATED : IngestStatus.DUPLICATE;
        results[a.index] = { index: a.index, status, item: stored(a.key), errors: [] };
      }
      for (const r of repeats) results[r.index] = { index: r.index, status: IngestStatus.DUPLICATE, item: stored(r.key), errors: [] };
      const count = (s: IngestStatus) => results.filter((r) => r.status === s).length;
      return { results, created: count(IngestStatus.CREATED), duplicates: count(IngestStatus.DUPLICATE), invalid: count(IngestStatus.INVALID) };
    });
  }

  /** Contacts, triage, conversations and items for the new items; publishes their events. Returns the items created, by key. */
  private async write(ctx: RequestContext, fresh: Accepted[]): Promise<Map<string, InboxItem>> {
    const writes = new IngestWrites(this.db, ctx.organizationId);
    const contactRows = await writes.upsertContacts(mergeContacts(fresh));
    const contacts = new Map(contactRows.map((c) => [contactKey(c.network, c.handle), c]));
    const contactOf = (a: Accepted) => contacts.get(contactKey(a.profile.network, a.handle))!;

    const batch: TriageItem[] = fresh.map((a) => ({
      index: a.index,
      brandId: a.profile.brandId,
      brandAncestorIds: a.profile.brandAncestorIds,
      profileId: a.profile.id,
      profileHandle: a.profile.handle,
      network: a.profile.network,
      networkId: a.fields.networkId,
      kind: a.fields.kind,
      body: a.fields.body,
      language: a.fields.language ?? null,
      contactId: contactOf(a).id,
      contactSeenBefore: !contactOf(a).inserted,
      postTags: a.post?.tags ?? [],
      receivedAt: a.fields.receivedAt,
      about: a.fields.about ?? InboxAbout.OTHER,
    }));
    const outcomes = await this.triage.decide(ctx, batch);

    const conversations = await writes.upsertConversations(mergeConversations(fresh, (a) => contactOf(a).id));
    const conversationOf = new Map(conversations.map((c) => [`${c.profile_id}\u0000${c.thread_key}`, c.id]));
    const rows: ItemInsert[] = fresh.map((a, i) => ({
      brand_id: a.profile.brandId,
      profile_id: a.profile.id,
      conversation_id: conversationOf.get(`${a.profile.id}\u0000${a.threadKey}`)!,
      contact_id: contactOf(a).id,
      network_id: a.fields.networkId,
      parent_network_id: a.fields.parentNetworkId ?? null,
      kind: a.fields.kind,
      about: outcomes[i].about,
      about_set_by: outcomes[i].aboutSetBy,
      body: a.fields.body,
      language: a.fields.language ?? null,
      post_id: a.post?.id ?? null,
      permalink: a.fields.permalink ?? null,
      received_at: a.fields.receivedAt,
      status: outcomes[i].status,
      priority: outcomes[i].priority,
      labels: outcomes[i].labels,
      assignee_id: outcomes[i].assigneeId,
      due_at: outcomes[i].dueAt,
      moderation: outcomes[i].moderation,
    }));
    // In key order, like the contacts and conversations (see sortedBy).
    const byKey = (r: ItemInsert) => itemKey(r.profile_id, r.network_id);
    const inserted = await writes.insertItems(rows.sort((x, y) => (byKey(x) < byKey(y) ? -1 : byKey(x) > byKey(y) ? 1 : 0)));
    const ancestors = new Map(fresh.map((a) => [a.profile.id, a.profile.brandAncestorIds]));
    const now = new Date();
    const items = new Map(inserted.map((r) => [itemKey(r.profile_id, r.network_id), toInboxItem({ ...r, brand_ancestor_ids: ancestors.get(r.profile_id)! }, now)]));

    // One audit append for the whole batch: per-event appends cost ~5 statements each.
    const newContacts: Contact[] = contactRows.filter((c) => c.inserted).map(toContact);
    const received = fresh.map((a) => items.get(a.key)).filter((item) => item !== undefined);
    await this.events.publishMany(ctx, [...newContacts.map((contact) => new ContactCreated({ contact })), ...received.map((item) => new InboxItemReceived({ item }))]);
    return items;
  }

  /** Whether the item may go in on its profile: one the caller may read and answer for, live, with a post of its own. */
  private checkScope(ctx: RequestContext, at: string, fields: IngestItemFields, profile: ProfileFacts | undefined, post: PostFacts | null): IngestError[] {
    const scope = profile && { id: profile.brandId, ancestorIds: profile.brandAncestorIds };
    // Unknown, another organization's and out of sight read the same: nothing tells them apart.
    if (!profile || !this.access.canSee(ctx, scope!)) return [{ field: `${at}.profileId`, message: `social profile ${fields.profileId} not found`, code: 'NOT_FOUND' }];
    if (!this.access.can(ctx, Permission.INBOX_RESPOND, scope!)) {
      return [{ field: `${at}.profileId`, message: `inbox:respond is needed on the brand of profile ${profile.id}`, code: 'FORBIDDEN' }];
    }
    if (profile.status === 'ARCHIVED' || profile.brandArchived) return [{ field: `${at}.profileId`, message: `profile ${profile.id} is archived`, code: 'BAD_USER_INPUT' }];
    if (fields.postId && (!post || post.brandId !== profile.brandId || !post.profileIds.includes(profile.id))) {
      return [{ field: `${at}.postId`, message: `post ${fields.postId} is not a post of profile ${profile.id}`, code: 'BAD_USER_INPUT' }];
    }
    return [];
  }
}

const toItemOrNull = (row: Parameters<typeof toInboxItem>[0] | undefined, now: Date) => (row ? toInboxItem(row, now) : null);

/**
 * The thread rule: a parent already on the profile (stored, or earlier in this call) gives its
 * conversation; else the network's thread id, a direct-message thread per contact, or the item's own.
 */
function assignThreads(fresh: Accepted[], stored: Map<string, string>): void {
  const inCall = new Map<string, string>();
  for (const a of fresh) {
    const parent = a.fields.parentNetworkId ? itemKey(a.profile.id, a.fields.parentNetworkId) : null;
    a.threadKey = (parent && (stored.get(parent) ?? inCall.get(parent))) || threadKey(a.fields, a.handle);
    inCall.set(a.key, a.threadKey);
  }
}

/** One contact row per (network, handle), seen from the earliest to the latest of their items; the latest names win. */
function mergeContacts(fresh: Accepted[]): ContactUpsert[] {
  const merged = new Map<string, ContactUpsert>();
  for (const a of fresh) {
    const key = contactKey(a.profile.network, a.handle);
    const at = a.fields.receivedAt;
    const seen = merged.get(key);
    const names = { display_name: a.fields.author.displayName ?? null, profile_url: a.fields.author.profileUrl ?? null };
    if (!seen) merged.set(key, { network: a.profile.network, handle: a.handle, ...names, first_seen_at: at, last_seen_at: at });
    else {
      if (at < seen.first_seen_at) seen.first_seen_at = at;
      if (at >= seen.last_seen_at) Object.assign(seen, { last_seen_at: at, display_name: names.display_name ?? seen.display_name, profile_url: names.profile_url ?? seen.profile_url });
    }
  }
  return sortedBy(merged);
}

/**
 * Rows in key order: two calls upserting overlapping contacts or conversations lock their rows
 * in the same order, so they wait for each other instead of deadlocking.
 */
const sortedBy = <T>(rows: Map<string, T>): T[] => [...rows.keys()].sort().map((key) => rows.get(key)!);

/** One conversation row per (profile, thread key), its latest message time, opened by its first item's contact. */
function mergeConversations(fresh: Accepted[], contactId: (a: Accepted) => string): ConversationUpsert[] {
  const merged = new Map<string, ConversationUpsert>();
  for (const a of fresh) {
    const key = `${a.profile.id}\u0000${a.threadKey}`;
    const seen = merged.get(key);
    if (!seen) merged.set(key, { brand_id: a.profile.brandId, profile_id: a.profile.id, contact_id: contactId(a), thread_key: a.threadKey, last_message_at: a.fields.receivedAt });
    else if (a.fields.receivedAt > seen.last_message_at) seen.last_message_at = a.fields.receivedAt;
  }
  return sortedBy(merged);
}
