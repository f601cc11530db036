import { Client } from 'pg';
import { sandboxInboxItems } from '../src/publishing/sandbox-inbox';
import { SocialNetwork } from '../libs/core/social-network';
import { Fixtures } from './dataset';
import { OperationSpec } from './operations';
import { postJson } from './servers/process';

/**
 * The inbox in the bench: the inbox page of an umbrella's subtree (an operation like the posts
 * page, Parasol only) and ingest throughput (batches of 500 sandbox items through
 * ingestInboxItems over HTTP, sequential and from concurrent clients).
 */

const gql = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

/** The newest items being worked across an umbrella's subtree, 20 a page, with brand, profile and author. */
export const PARASOL_INBOX = `query InboxPage($brandId: ID!, $statuses: [InboxItemStatus!]) {
  inbox(first: 20, filter: { brandId: $brandId, statuses: $statuses }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind about body status priority receivedAt dueAt slaState brand { id name slug } profile { id network handle } author { id handle displayName } } }
  }
}`;

/** The agent's working set, as the posts page shows three states. */
export const INBOX_STATUSES = ['OPEN', 'ASSIGNED', 'WAITING'];

export function inboxOperations(f: Fixtures): OperationSpec[] {
  const umbrella = (n: number) => f.umbrellaIds[n % f.umbrellaIds.length];
  const notes = 'Parasol only (PostGraphile and the baseline do not serve the inbox); compare with the posts page of the same run';
  return [
    {
      id: 'inbox',
      title: 'inbox page, open items (admin)',
      kind: 'read',
      notes,
      targets: { parasol: { path: '/graphql', as: 'admin', body: (n) => gql(PARASOL_INBOX, { brandId: umbrella(n), statuses: INBOX_STATUSES }) } },
    },
    {
      id: 'inbox-manager',
      title: 'inbox page, open items (brand manager)',
      kind: 'read',
      notes,
      targets: { parasol: { path: '/graphql', as: 'manager', body: () => gql(PARASOL_INBOX, { brandId: f.managerUmbrellaId, statuses: INBOX_STATUSES }) } },
    },
  ];
}

/** A page must be full and every item carry the fields asked for. */
export function verifyInboxPage(title: string, answer: any): void {
  if (answer?.errors?.length) throw new Error(`${title} answered errors: ${JSON.stringify(answer.errors).slice(0, 800)}`);
  const edges = answer.data.inbox.edges;
  if (edges.length !== 20) throw new Error(`${title}: the page holds ${edges.length} items, not 20`);
  for (const { node } of edges) {
    if (!node.brand?.id || !node.profile?.id || !node.author?.handle || !node.slaState || !INBOX_STATUSES.includes(node.status)) {
      throw new Error(`${title}: an incomplete item ${JSON.stringify(node).slice(0, 300)}`);
    }
  }
}

const INGEST = `mutation Ingest($input: [IngestInboxItemInput!]!) { ingestInboxItems(input: $input) { created duplicates invalid } }`;

export interface IngestRun {
  clients: number;
  batches: number;
  items: number;
  seconds: number;
  itemsPerSecond: number;
  /** Milliseconds per call of 500 items. */
  batchMs: { p50: number; max: number };
  /** Items not CREATED (duplicates, invalid) and failed calls. */
  errors: number;
}

export interface IngestReport {
  batchSize: number;
  runs: IngestRun[];
  goalItemsPerSecond: number;
}

export const INGEST_BATCH = 500;
const INGEST_GOAL = 5000;

/**
 * Ingest throughput: batches of 500 sandbox items (each batch on one live profile, with its
 * own seed, so every network id is new and nothing is a duplicate), built before the clock
 * starts; `batches` per run, sent by one client in turn, then spread over `clients` at once.
 */
export async function measureIngest(url: string, databaseUrl: string, token: string, options: { batches: number; clients: number[] }, log: (line: string) => void): Promise<IngestReport> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows: profiles } = await client
    .query<{ id: string; network: SocialNetwork; handle: string }>(`SELECT id, network, handle FROM social_profiles WHERE status = 'LIVE' ORDER BY md5(id::text) LIMIT 200`)
    .finally(() => client.end());
  // A seed per bench run and batch: a --reuse run never repeats an earlier run's network ids.
  const runSeed = Math.floor(Date.now() / 1000) % 1_000_000;
  let batchNo = 0;
  const startAt = new Date(Date.now() - 30 * 86_400_000);
  const nextBatch = () => {
    const profile = profiles[batchNo % profiles.length];
    const items = sandboxInboxItems({ profileId: profile.id, network: profile.network, count: INGEST_BATCH, seed: runSeed * 1000 + batchNo++, startAt, profileHandle: profile.handle });
    return gql(INGEST, { input: items });
  };

  const runs: IngestRun[] = [];
  for (const clients of options.clients) {
    const bodies = Array.from({ length: options.batches }, nextBatch);
    const times: number[] = [];
    let errors = 0;
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          const t = process.hrtime.bigint();
          const answer = await postJson(`${url}/graphql`, body, token);
          times.push(Number(process.hrtime.bigint() - t) / 1e6);
          const r = answer?.data?.ingestInboxItems;
          if (!r) {
            errors += INGEST_BATCH;
            log(`    ingest failed: ${JSON.stringify(answer).slice(0, 400)}`);
          } else errors += INGEST_BATCH - r.created;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const items = bodies.length * INGEST_BATCH - errors;
    const sorted = [...times].sort((a, b) => a - b);
    const run: IngestRun = {
      clients,
      batches: bodies.length,
      items,
      seconds: Math.round(seconds * 100) / 100,
      itemsPerSecond: Math.round(items / seconds),
      batchMs: { p50: Math.round(sorted[Math.floor((sorted.length - 1) / 2)]), max: Math.round(sorted[sorted.length - 1]) },
      errors,
    };
    log(`  ingest, ${clients} client${clients > 1 ? 's' : ''}: ${run.items} items in ${run.seconds} s = ${run.itemsPerSecond} items/s, ${run.batchMs.p50} ms per batch of ${INGEST_BATCH} (p50)${errors ? `, ${errors} ERRORS` : ''}`);
    runs.push(run);
  }
  return { batchSize: INGEST_BATCH, runs, goalItemsPerSecond: INGEST_GOAL };
}

/** The inbox paragraph of a report: the page against the posts page of the same run, and ingest throughput. */
export function inboxMarkdown(pages: { title: string; inbox: number | null; posts: number | null }[], ingest: IngestReport | undefined): string[] {
  const lines = ['## Inbox', ''];
  for (const p of pages) {
    if (p.inbox === null || p.posts === null) continue;
    const ratio = p.posts / p.inbox;
    lines.push(`- ${p.title}: inbox ${p.inbox.toFixed(0)} req/s, posts ${p.posts.toFixed(0)} req/s: the inbox page takes ${ratio.toFixed(2)}x the posts page's time (goal: within 1.5x)${ratio <= 1.5 ? '' : ' — MISSED'}.`);
  }
  if (ingest) {
    lines.push('', '| ingest, batches of 500 | batches | items | seconds | items/s | p50 per batch | max per batch | errors |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of ingest.runs) lines.push(`| ${r.clients} client${r.clients > 1 ? 's' : ''} | ${r.batches} | ${r.items} | ${r.seconds} | ${r.itemsPerSecond} | ${r.batchMs.p50} ms | ${r.batchMs.max} ms | ${r.errors} |`);
    lines.push('', `Goal: at least ${ingest.goalItemsPerSecond} items/s.`);
  }
  return [...lines, ''];
}
