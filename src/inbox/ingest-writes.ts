import { SocialNetwork } from '../../libs/core';
import { Db } from '../../libs/database';
import { ModerationActionData } from './inbox.entities';
import { ContactRow, contactColumns, InboxItemRow, itemColumns } from './inbox.mapper';

export interface ContactUpsert {
  network: SocialNetwork;
  handle: string;
  display_name: string | null;
  profile_url: string | null;
  first_seen_at: Date;
  last_seen_at: Date;
}

export interface ConversationUpsert {
  brand_id: string;
  profile_id: string;
  contact_id: string;
  thread_key: string;
  last_message_at: Date;
}

/** One new item row, with what triage decided for it. */
export interface ItemInsert {
  brand_id: string;
  profile_id: string;
  conversation_id: string;
  contact_id: string;
  network_id: string;
  parent_network_id: string | null;
  kind: string;
  about: string;
  about_set_by: string;
  body: string;
  language: string | null;
  post_id: string | null;
  permalink: string | null;
  received_at: Date;
  status: string;
  priority: string;
  labels: string[];
  assignee_id: string | null;
  due_at: Date | null;
  moderation: ModerationActionData[];
}

/** A contact's key: the network and the handle, case-insensitively (as UQ_contacts_handle compares them). */
export const contactKey = (network: string, handle: string) => `${network}\u0000${handle.toLowerCase()}`;

/**
 * The writes of an ingest call: each a single multi-row statement over a jsonb array, so a
 * call sends the same statements for 1 item or 500. Rows must be unique per conflict key
 * (ON CONFLICT DO UPDATE may not touch a row twice): the caller merges them first.
 */
export class IngestWrites {
  constructor(
    private readonly db: Db,
    private readonly organizationId: string,
  ) {}

  /** Creates the new contacts and moves the known ones' last-seen time; `inserted` tells which were new. */
  upsertContacts(rows: ContactUpsert[]): Promise<(ContactRow & { inserted: boolean })[]> {
    return this.db.query(
      `INSERT INTO contacts AS t (organization_id, network, handle, display_name, profile_url, first_seen_at, last_seen_at)
       SELECT $1, v.network::social_network, v.handle, v.display_name, v.profile_url, v.first_seen_at, v.last_seen_at
         FROM jsonb_to_recordset($2::jsonb) AS v(network text, handle text, display_name text, profile_url text, first_seen_at timestamptz, last_seen_at timestamptz)
       ON CONFLICT (organization_id, network, lower(handle)) DO UPDATE
          SET first_seen_at = least(t.first_seen_at, excluded.first_seen_at), last_seen_at = greatest(t.last_seen_at, excluded.last_seen_at),
              display_name = coalesce(excluded.display_name, t.display_name), profile_url = coalesce(excluded.profile_url, t.profile_url), updated_at = now()
       RETURNING ${contactColumns('t')}, (t.xmax = 0) AS inserted`,
      [this.organizationId, JSON.stringify(rows)],
    );
  }

  /** Opens the conversations not there yet and moves the others' last-message time. */
  upsertConversations(rows: ConversationUpsert[]): Promise<{ id: string; profile_id: string; thread_key: string }[]> {
    return this.db.query(
      `INSERT INTO inbox_conversations AS t (organization_id, brand_id, profile_id, contact_id, thread_key, last_message_at)
       SELECT $1, v.brand_id, v.profile_id, v.contact_id, v.thread_key, v.last_message_at
         FROM jsonb_to_recordset($2::jsonb) AS v(brand_id uuid, profile_id uuid, contact_id uuid, thread_key text, last_message_at timestamptz)
       ON CONFLICT (organization_id, profile_id, thread_key) DO UPDATE SET last_message_at = greatest(t.last_message_at, excluded.last_message_at)
       RETURNING t.id, t.profile_id, t.thread_key`,
      [this.organizationId, JSON.stringify(rows)],
    );
  }

  /**
   * Inserts the items with what triage decided: an assignee is assigned now, a HIDDEN item
   * hidden now, a CLOSED one closed now. One that a concurrent call stored first is skipped (not returned), so a
   * race between two identical calls still creates each item once.
   */
  insertItems(rows: ItemInsert[]): Promise<Omit<InboxItemRow, 'brand_ancestor_ids'>[]> {
    return this.db.query(
      `INSERT INTO inbox_items AS t (organization_id, brand_id, profile_id, conversation_id, contact_id, network_id, parent_network_id, kind, about, about_set_by,
              body, language, post_id, permalink, received_at, status, priority, labels, assignee_id, assigned_at, due_at, moderation, hidden_at, closed_at)
       SELECT $1, v.brand_id, v.profile_id, v.conversation_id, v.contact_id, v.network_id, v.parent_network_id, v.kind::inbox_item_kind, v.about::inbox_about,
              v.about_set_by::inbox_about_source, v.body, v.language, v.post_id, v.permalink, v.received_at, v.status::inbox_item_status,
              v.priority::inbox_priority, v.labels, v.assignee_id, CASE WHEN v.assignee_id IS NULL THEN NULL ELSE now() END, v.due_at, v.moderation,
              CASE WHEN v.status = 'HIDDEN' THEN now() END, CASE WHEN v.status = 'CLOSED' THEN now() END
         FROM jsonb_to_recordset($2::jsonb) AS v(brand_id uuid, profile_id uuid, conversation_id uuid, contact_id uuid, network_id text, parent_network_id text,
              kind text, about text, about_set_by text, body text, language text, post_id uuid, permalink text, received_at timestamptz, status text,
              priority text, labels text[], assignee_id uuid, due_at timestamptz, moderation jsonb)
       ON CONFLICT (organization_id, profile_id, network_id) DO NOTHING
       RETURNING ${itemColumns('t')}`,
      [this.organizationId, JSON.stringify(rows)],
    );
  }
}
