import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';

/** The built service, as production runs it (`npm run build` first: test:replicas does). */
export const MAIN_JS = join(__dirname, '..', '..', 'dist', 'src', 'main.js');

export type Role = 'all' | 'api' | 'worker';

/** One `node dist/src/main.js` process on its own port. */
export class Replica {
  child: ChildProcess | null = null;
  /** The last lines it printed, shown when something fails. */
  readonly output: string[] = [];
  alive = false;

  constructor(
    readonly name: string,
    readonly role: Role,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  start(): void {
    const child = spawn(process.execPath, [MAIN_JS], { env: { ...process.env, ...this.env, PARASOL_ROLE: this.role, PORT: String(this.port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        this.output.push(...chunk.split('\n').filter(Boolean));
        this.output.splice(0, Math.max(0, this.output.length - 200));
      });
    }
    child.on('exit', () => (this.alive = false));
    this.child = child;
    this.alive = true;
  }

  /** Polls until GraphQL answers (migrated database, HTTP listening), or the process dies. */
  async ready(timeoutMs: number): Promise<void> {
    await until(
      async () => {
        if (!this.alive) throw new Error(`${this.name} exited while starting:\n${this.output.slice(-30).join('\n')}`);
        try {
          const body = await graphql(this.url, '{ __typename }');
          return body.data?.__typename === 'Query';
        } catch {
          return false;
        }
      },
      `${this.name} to answer`,
      timeoutMs,
    );
  }

  /** SIGKILL: no shutdown, transactions cut where they stand. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL', 60_000);
  }

  /** SIGTERM, as a container stop: finishes in flight, closes the pool and Redis, exits. */
  async stop(timeoutMs: number): Promise<void> {
    if (!this.alive) return;
    try {
      await this.signal('SIGTERM', timeoutMs);
    } catch (error) {
      await this.signal('SIGKILL', 30_000);
      throw error;
    }
  }

  private async signal(signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${timeoutMs} ms of ${signal}`)), timeoutMs)));
    await Promise.race([exited, late]).finally(() => clearTimeout(timer));
  }
}

export interface GraphQLBody {
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** POST /graphql; throws on a network failure (a killed replica), returns the body otherwise. */
export async function graphql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string, idempotencyKey?: string): Promise<GraphQLBody> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(120_000) });
  return (await response.json()) as GraphQLBody;
}

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it holds; the deadline only turns a hang into a message. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A graphql-ws subscription on one replica, keeping every event it receives. */
export class Subscriber<T> {
  readonly received: T[] = [];
  readonly errors: unknown[] = [];
  private readonly client: Client;

  constructor(
    readonly replica: Replica,
    readonly label: string,
    token: string,
    query: string,
    variables: Record<string, unknown> = {},
  ) {
    this.client = createClient({ url: `ws://127.0.0.1:${replica.port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
    this.client.subscribe(
      { query, variables, extensions: { id: randomUUID() } },
      {
        next: (result) => (result.errors ? this.errors.push(...result.errors) : this.received.push(Object.values(result.data as Record<string, T>)[0])),
        error: (error) => this.errors.push(error),
        complete: () => undefined,
      },
    );
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
