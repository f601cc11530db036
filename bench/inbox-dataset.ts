import { Client } from 'pg';

/**
 * The bench inbox: `itemsPerProfile` incoming messages on every social profile, spread over
 * kinds, what they are about and statuses, from a pool of contacts per network, in
 * conversations of two (a message and its author's reply). Set-based SQL over the `prof` temp
 * table dataset.ts builds (one row per profile), every id derived from the seed, so two builds
 * with the same seed hold the same rows.
 */
export const INBOX_SHAPE = {
  itemsPerProfile: 40,
  /** Distinct authors per network: regulars write to many profiles (contacts are organization-wide). */
  contactsPerNetwork: 4000,
} as const;

/** The statuses in turn (i % 10): most of an inbox is worked or waiting; some is hidden or spam. */
const STATUSES = ['OPEN', 'OPEN', 'ASSIGNED', 'ASSIGNED', 'WAITING', 'CLOSED', 'CLOSED', 'CLOSED', 'HIDDEN', 'SPAM'];
const KINDS = ['COMMENT', 'MENTION', 'COMMENT', 'DIRECT_MESSAGE', 'REVIEW', 'COMMENT', 'SHARE', 'COMMENT'];
const ABOUTS = ['QUESTION', 'COMPLAINT', 'PRAISE', 'OTHER'];

type Step = (name: string, sql: string, params: unknown[]) => Promise<void>;

/**
 * Seeds contacts, conversations and items. `uid(kind, key)` is dataset.ts's id expression (its
 * first parameter is the seed); runs in dataset.ts's transaction, after the posts.
 */
export async function seedInbox(step: Step, uid: (kind: string, key: string) => string, seed: string, orgId: string, anchor: string): Promise<void> {
  // Item i of profile pn: even items open a conversation, odd ones are the same author's reply in it.
  await step(
    'inbox item keys',
    `CREATE TEMP TABLE bi ON COMMIT DROP AS
     SELECT q.*, ${uid('contact', `q.network || ':' || q.handle`)} AS contact_id,
            ${uid('conversation', `q.key || '.' || q.k || '.' || (q.i / 2)`)} AS conversation_id,
            ${uid('inbox', `q.key || '.' || q.k || '.' || q.i`)} AS id
       FROM (
         SELECT pr.key, pr.k, pr.pn, pr.depth, pr.u, pr.s, pr.id AS profile_id, pr.brand_id, pr.network, i,
                'fan' || ((pr.pn * 7 + (i / 2) * 13) % $5::int) AS handle,
                'bench-' || pr.pn || '-' || i AS network_id,
                CASE WHEN i % 2 = 1 THEN 'bench-' || pr.pn || '-' || (i - 1) END AS parent_network_id,
                CASE WHEN i % 2 = 1 THEN 'REPLY' ELSE ($3::text[])[1 + (i / 2 + pr.pn) % array_length($3::text[], 1)] END AS kind,
                ($4::text[])[1 + (i + pr.pn) % 4] AS about,
                ($2::text[])[1 + (i + pr.pn) % 10] AS status,
                $6::timestamptz - make_interval(hours => (40 - i) * 3, mins => pr.pn % 180) AS received_at
           FROM prof pr, generate_series(0, $7::int - 1) i
       ) q`,
    [seed, STATUSES, KINDS, ABOUTS, INBOX_SHAPE.contactsPerNetwork, anchor, INBOX_SHAPE.itemsPerProfile],
  );
  await step(
    'contacts',
    `INSERT INTO contacts (id, organization_id, network, handle, display_name, profile_url, first_seen_at, last_seen_at, created_at, updated_at)
     SELECT contact_id, $1, network::social_network, handle, 'Fan ' || substr(handle, 4), 'https://social.example/' || handle, min(received_at), max(received_at),
            min(received_at), max(received_at)
       FROM bi GROUP BY contact_id, network, handle ORDER BY network, handle`,
    [orgId],
  );
  await step(
    'inbox_conversations',
    `INSERT INTO inbox_conversations (id, organization_id, brand_id, profile_id, contact_id, thread_key, created_at, last_message_at)
     SELECT conversation_id, $1, brand_id, profile_id, contact_id, 'item:' || network_id, received_at, received_at + interval '20 minutes'
       FROM bi WHERE i % 2 = 0 ORDER BY received_at, conversation_id`,
    [orgId],
  );
  // Assigned and waiting items are held by the sub-brand's agent (the umbrella's manager above them);
  // a third of the items have a response target, and the answered ones a first response.
  await step(
    'inbox_items',
    `INSERT INTO inbox_items (id, organization_id, brand_id, profile_id, conversation_id, contact_id, network_id, parent_network_id, kind, about, about_set_by,
                              body, language, post_id, permalink, received_at, status, priority, labels, assignee_id, assigned_at, claimed, due_at,
                              first_response_at, closed_at, hidden_at, created_at, updated_at)
     SELECT b.id, $2, b.brand_id, b.profile_id, b.conversation_id, b.contact_id, b.network_id, b.parent_network_id, b.kind::inbox_item_kind, b.about::inbox_about, 'INGEST',
            CASE b.about WHEN 'QUESTION' THEN 'Is the new bar vegan? Asking for my sister (' || b.handle || ').'
                         WHEN 'COMPLAINT' THEN 'My order ' || b.pn || '-' || b.i || ' arrived melted. Not happy.'
                         WHEN 'PRAISE' THEN 'Best snack on a long hike, thank you! #fan'
                         ELSE 'Saw this on my feed today.' END,
            CASE WHEN b.pn % 3 = 0 THEN 'pl' ELSE 'en' END,
            CASE WHEN b.kind IN ('COMMENT', 'SHARE') AND b.i % 4 = 0 THEN ${uid('post', `b.key || '.' || b.k || '.' || (15 + b.i % 3)`)} END,
            'https://social.example/' || b.network_id, b.received_at, b.status::inbox_item_status,
            (CASE WHEN b.about = 'COMPLAINT' THEN 'HIGH' WHEN b.i % 9 = 0 THEN 'LOW' ELSE 'NORMAL' END)::inbox_priority,
            CASE WHEN b.status = 'SPAM' THEN ARRAY['spam-link'] WHEN b.about = 'COMPLAINT' THEN ARRAY['delivery'] ELSE ARRAY[]::text[] END,
            CASE WHEN b.status IN ('ASSIGNED', 'WAITING', 'CLOSED') THEN
                 CASE WHEN b.depth = 0 THEN ${uid('user', `'manager:' || b.u`)} ELSE ${uid('user', `'agent:' || b.u || '.' || b.s`)} END END,
            CASE WHEN b.status IN ('ASSIGNED', 'WAITING', 'CLOSED') THEN b.received_at + interval '10 minutes' END, b.status = 'ASSIGNED' AND b.i % 3 = 0,
            CASE WHEN b.i % 3 = 0 THEN b.received_at + interval '2 hours' END,
            CASE WHEN b.status IN ('WAITING', 'CLOSED') THEN b.received_at + make_interval(mins => 30 + (b.pn + b.i) % 180) END,
            CASE WHEN b.status = 'CLOSED' THEN b.received_at + interval '1 day' END,
            CASE WHEN b.status IN ('HIDDEN', 'SPAM') THEN b.received_at + interval '1 minute' END,
            b.received_at, b.received_at + interval '1 hour'
       FROM bi b ORDER BY b.received_at, b.id`,
    [seed, orgId],
  );
}
