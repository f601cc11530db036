import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { graphql, GraphQLBody, Replica, Subscriber, until } from './replica-process';

/** Long enough for a loaded 2-core machine; a deadline only turns a hang into a message. */
export const WAIT_MS = 180_000;

export const Q = {
  login: `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`,
  brand: `mutation ($input: CreateBrandInput!) { createBrand(input: $input) { id } }`,
  profile: `mutation ($input: CreateSocialProfileInput!) { createSocialProfile(input: $input) { id } }`,
  launch: `mutation ($id: ID!) { launchSocialProfile(id: $id) { id } }`,
  user: `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
  workflow: `mutation ($input: CreateApprovalWorkflowInput!) { createApprovalWorkflow(input: $input) { id } }`,
  policy: `mutation ($input: SetPolicyInput!) { setPolicy(input: $input) { id } }`,
  endpoint: `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`,
  createPost: `mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }`,
  submit: `mutation ($id: ID!) { submitPost(id: $id) { post { id status approvalRequest { id } } } }`,
  decide: `mutation ($input: DecideApprovalInput!) { decideApproval(input: $input) { request { id status } } }`,
  schedule: `mutation ($id: ID!, $at: DateTime!) { schedulePost(id: $id, at: $at) { post { id status } } }`,
  publish: `mutation ($id: ID!) { publishPost(id: $id) { post { id status } } }`,
  ingest: `mutation ($input: [IngestInboxItemInput!]!) { ingestInboxItems(input: $input) { results { item { id } } } }`,
  assign: `mutation ($id: ID!, $assigneeId: ID) { assignInboxItem(id: $id, assigneeId: $assigneeId) { id } }`,
  queueChanged: `subscription { approvalQueueChanged { requestId entered } }`,
  inboxChanged: `subscription ($brandId: ID!) { inboxChanged(brandId: $brandId) { type itemId } }`,
  verify: `{ verifyAuditChain { ok checked firstBreak { seq } } }`,
  changes: `query ($after: String) { changes(after: $after, first: 500) { cursor hasMore events { id seq } } }`,
};

export const PASSWORD = 'replicas-correct-horse-battery';

/** Creates the organization with the operators' command (organizations are not made over the API). */
export async function createOrganization(env: Record<string, string>): Promise<{ adminEmail: string }> {
  const adminEmail = `admin-${randomUUID().slice(0, 8)}@replicas.example`;
  const script = join(__dirname, '..', '..', 'dist', 'scripts', 'create-organization.js');
  await promisify(execFile)(process.execPath, [script, '--name', 'Replicas', '--admin-email', adminEmail], {
    env: { ...process.env, ...env, PARASOL_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'error' },
    timeout: WAIT_MS,
  });
  return { adminEmail };
}

/** Data of a mutation, or a thrown error naming its GraphQL errors. */
export async function ok(url: string, query: string, variables: Record<string, unknown>, token?: string, key?: string): Promise<any> {
  const body: GraphQLBody = await graphql(url, query, variables, token, key);
  if (body.errors?.length) throw new Error(`GraphQL errors from ${url}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Webhook receiver: every delivery's `webhook-id` (the outbox event), as often as it came. */
export class Receiver {
  readonly seen = new Map<string, number>();
  private server: Server | null = null;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((request: IncomingMessage, response) => {
      const id = String(request.headers['webhook-id'] ?? '');
      request.resume();
      request.on('end', () => {
        if (id) this.seen.set(id, (this.seen.get(id) ?? 0) + 1);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

export type QueueChange = { requestId: string; entered: boolean };
export type InboxChange = { type: string; itemId: string };
export const queueKey = (c: QueueChange) => `${c.requestId}:${c.entered ? 'in' : 'out'}`;
export const inboxKey = (c: InboxChange) => `${c.type}:${c.itemId}`;

/** The two subscriptions of one replica. */
export interface ReplicaSubscribers {
  replica: Replica;
  queue: Subscriber<QueueChange>;
  inbox: Subscriber<InboxChange>;
}

/**
 * Subscribes on `replica` and waits until both subscriptions hear a probe event: a subscription
 * is live on the server some time after graphql-ws says nothing, so probes are sent until every
 * one of them hears one (a probe before that is simply missed).
 */
export async function subscribeLive(replica: Replica, tokens: { approver: string; admin: string }, brandId: string, probe: () => Promise<{ queue: string; inbox: string }>): Promise<ReplicaSubscribers> {
  const subscribers = {
    replica,
    queue: new Subscriber<QueueChange>(replica, `${replica.name} approvalQueueChanged`, tokens.approver, Q.queueChanged),
    inbox: new Subscriber<InboxChange>(replica, `${replica.name} inboxChanged`, tokens.admin, Q.inboxChanged, { brandId }),
  };
  await until(
    async () => {
      const sent = await probe();
      const heard = async () => subscribers.queue.received.some((c) => c.requestId === sent.queue) && subscribers.inbox.received.some((c) => c.itemId === sent.inbox);
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        if (await heard()) return true;
        if (subscribers.queue.errors.length || subscribers.inbox.errors.length) throw new Error(`${replica.name}: ${JSON.stringify([...subscribers.queue.errors, ...subscribers.inbox.errors])}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return false;
    },
    `${replica.name}'s subscriptions to be live`,
    WAIT_MS,
  );
  return subscribers;
}

/** Runs `work` over `items`, `concurrency` at a time. */
export async function pool<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    }),
  );
}
