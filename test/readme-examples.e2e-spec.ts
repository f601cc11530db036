import { execFile, spawn } from 'node:child_process';
import { AddressInfo, connect, createServer } from 'node:net';
import { promisify } from 'node:util';
import { WebhookWorker } from '../src/webhooks/webhook-worker';
import { BOOT_TIMEOUT_MS, createTestDatabase, TestApp, TestDatabase, until } from './support';
import { fencedBlocks, graphqlOperations, markdown, substitute } from './readme-examples';

// Every example of the README runs here, as the demo users, on a database of its own (the
// examples change the demo: a new brand, an answered question), so the README cannot drift
// from the service: a new example fails the first test until it is given a user and a check.

type User = 'anyone' | 'admin' | 'manager' | 'agent' | 'approver' | 'analyst';
const EMAILS: Record<Exclude<User, 'anyone'>, string> = {
  admin: 'admin@mars.example', manager: 'manager@mars.example', agent: 'agent@snickers.example',
  approver: 'approver@mars.example', analyst: 'analyst@mars.example',
};
type Node<T> = { edges: { node: T }[] };
const nodes = <T>(connection: Node<T>): T[] => connection.edges.map((e) => e.node);

interface Example {
  /** Picks the README operation this entry runs (exactly one). */
  is: RegExp;
  /** Who runs it, each in turn; the check gets who ran it. */
  as: User[];
  check(data: any, as: User, ids: Record<string, string>): void;
}

const EXAMPLES: Example[] = [
  {
    is: /^mutation \{ login\(/,
    as: ['anyone'],
    check: (data) => expect(data.login).toEqual({ accessToken: expect.any(String), expiresAt: expect.any(String) }),
  },
  {
    is: /brands\(first: 20\)/,
    as: ['admin', 'manager', 'agent', 'approver', 'analyst'],
    check: (data, as) => {
      expect(data.viewer.user.email).toBe(EMAILS[as as keyof typeof EMAILS]);
      const snickers = nodes<{ name: string; path: string[]; depth: number }>(data.brands).find((b) => b.name === 'Snickers');
      // The README's words: depth from the root; path from the highest brand the caller may read.
      expect(snickers).toMatchObject({ depth: 1, path: as === 'agent' ? ['snickers'] : ['mars', 'snickers'] });
      expect(data.brands.totalCount).toBe(as === 'agent' ? 1 : 5);
    },
  },
  {
    is: /rootsOnly: true/,
    as: ['admin', 'manager', 'approver', 'analyst', 'agent'],
    check: (data, as) => {
      if (as === 'agent') return expect(data.brands.totalCount).toBe(0); // as the README says
      expect(data.brands.totalCount).toBe(1);
      const [mars] = nodes<any>(data.brands);
      expect(mars).toMatchObject({ name: 'Mars', slug: 'mars', depth: 0 });
      const children = nodes<any>(mars.children);
      expect(children.map((c) => c.name).sort()).toEqual(["Dove", "M&M's", 'Mars', 'Snickers']);
      for (const child of children) {
        expect(child.path).toEqual(['mars', child.path[1]]);
        expect(nodes<any>(child.profiles).map((p) => p.status)).toEqual(['LIVE', 'LIVE']);
      }
    },
  },
  {
    is: /createBrand\(/,
    as: ['admin'],
    check: (data, _as, ids) => {
      expect(data.createBrand).toMatchObject({ slug: 'snickers-ice-cream', path: ['mars', 'dove', 'snickers-ice-cream'], depth: 2 });
      ids['Snickers Ice Cream'] = data.createBrand.id;
    },
  },
  {
    is: /moveBrand\(/,
    as: ['admin'],
    check: (data) => expect(data.moveBrand).toEqual({ path: ['mars', 'snickers', 'snickers-ice-cream'], ancestors: [{ name: 'Mars' }, { name: 'Snickers' }] }),
  },
  {
    is: /inbox\(filter:/,
    as: ['agent'],
    check: (data) => {
      expect(data.inbox.totalCount).toBe(5);
      // URGENT: the overdue complaint first.
      expect(nodes<any>(data.inbox)[0]).toMatchObject({ about: 'COMPLAINT', slaState: 'OVERDUE' });
    },
  },
  {
    is: /replyToInboxItem\(/,
    as: ['agent'],
    check: (data) => {
      expect(data.replyToInboxItem.reply.status).toBe('SENT');
      expect(data.replyToInboxItem.item.firstResponseAt).toEqual(expect.any(String));
    },
  },
];

/** A port nothing listens on (the guide's receiver listens on 4000, which may be taken). */
const freePort = () => new Promise<number>((resolve, reject) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    server.close(() => resolve(port));
  }).on('error', reject);
});
const listening = (port: number) => new Promise<boolean>((resolve) => {
  const socket = connect(port, '127.0.0.1', () => { socket.end(); resolve(true); }).on('error', () => resolve(false));
});

const README = markdown('README.md');
const OPERATIONS = graphqlOperations(README);
const entryOf = (operation: string) => EXAMPLES.filter((e) => e.is.test(operation));

describe('the README\'s examples', () => {
  let db: TestDatabase;
  let t: TestApp;
  let port: number;
  const tokens: Partial<Record<User, string>> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await TestApp.start({ DATABASE_URL: db.url });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    for (const [user, email] of Object.entries(EMAILS)) tokens[user as User] = await t.login(email, 'parasol-demo');
    const brands = nodes<{ id: string; name: string; depth: number }>((await t.ok(`{ brands(first: 50) { edges { node { id name depth } } } }`, {}, tokens.admin)).brands);
    // "Mars" is the umbrella (the bar is a sub-brand of the same name).
    for (const brand of [...brands].sort((a, b) => b.depth - a.depth)) ids[brand.name] = brand.id;
    const { inbox } = await t.ok(`query ($b: ID!) { inbox(filter: { brandId: $b }, first: 10) { edges { node { id networkId } } } }`, { b: ids.Snickers }, tokens.agent);
    ids['the question'] = nodes<{ id: string; networkId: string }>(inbox).find((i) => i.networkId === 'demo-question')!.id;
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  }, BOOT_TIMEOUT_MS);

  it('has a user and a check for each example, and each check an example', () => {
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(EXAMPLES.length);
    for (const operation of OPERATIONS) expect([operation, entryOf(operation).length]).toEqual([operation, 1]);
    for (const example of EXAMPLES) expect([String(example.is), OPERATIONS.filter((o) => example.is.test(o)).length]).toEqual([String(example.is), 1]);
  });

  // In the README's order: later examples use what earlier ones made.
  it.each(OPERATIONS.map((operation) => [operation.slice(0, 70), operation]))('%s', async (_title, operation) => {
    const [example] = entryOf(operation);
    for (const as of example.as) {
      const data = await t.ok(substitute(operation, ids), {}, as === 'anyone' ? undefined : tokens[as]);
      example.check(data, as, ids);
    }
  });

  it('runs the shell example (curl) against the service as written, on its port', async () => {
    const [shell] = fencedBlocks(README, 'bash').filter((b) => b.includes('localhost:3000/graphql') && b.includes('TOKEN='));
    expect(shell).toBeDefined();
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', shell.replaceAll('localhost:3000', `127.0.0.1:${port}`)], { timeout: 60_000 });
    const [mars] = nodes<any>(JSON.parse(stdout).data.brands);
    expect(mars.name).toBe('Mars');
    expect(nodes<any>(mars.children).map((c) => c.path.join('/')).sort()).toEqual(['mars/dove', 'mars/m-ms', 'mars/mars-bar', 'mars/snickers']);
  });

  it('runs the webhook guide\'s example as written: its receiver, the endpoint on Mars, a brand change delivered', async () => {
    const guide = markdown('docs/guide/webhooks.md');
    const shell = fencedBlocks(guide, 'bash').join('\n');
    expect(shell).toContain('WEBHOOKS_ALLOW_HTTP=true WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true npm start'); // what TestApp runs with
    const receiverScript = shell.match(/^node -e "(.*)" &$/m)![1];
    const receiverPort = await freePort();
    const receiver = spawn(process.execPath, ['-e', receiverScript.replace('.listen(4000)', `.listen(${receiverPort})`)]);
    let printed = '';
    receiver.stdout.on('data', (chunk) => (printed += chunk));
    try {
      await until(() => listening(receiverPort), 'the guide\'s receiver to listen');
      const create = graphqlOperations(guide).find((o) => o.includes('createWebhookEndpoint('))!;
      const created = await t.ok(substitute(create.replace('http://127.0.0.1:4000', `http://127.0.0.1:${receiverPort}`), ids), {}, tokens.admin);
      expect(created.createWebhookEndpoint).toMatchObject({ secret: expect.stringMatching(/^whsec_/), endpoint: { status: 'ENABLED' } });
      const change = guide.match(/`(mutation \{ updateBrand\(.*?)`/)![1];
      await t.ok(substitute(change, ids), {}, tokens.admin);
      await until(async () => {
        await t.app.get(WebhookWorker).tick();
        return printed.includes('"type":"brand.updated"');
      }, 'the brand.updated delivery at the guide\'s receiver');
      expect(printed).toContain('"entityType":"Brand"');
    } finally {
      receiver.kill();
    }
  });
});
