import { LookupAddress } from 'node:dns';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { egressFailure, HostResolver, WebhookEgress } from './webhook-egress';
import { WebhookSettings } from './webhook-settings';

// The egress on its own, against a real loopback HTTP server; only the DNS is substituted.

/** A DNS answering `answer` for every name, counting the look-ups. */
class FakeDns extends HostResolver {
  readonly asked: string[] = [];
  constructor(private readonly answer: string[]) {
    super();
  }
  override async resolve(hostname: string): Promise<LookupAddress[]> {
    this.asked.push(hostname);
    return this.answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }
}

const settings = (allowPrivateNetworks: boolean) =>
  ({ urlPolicy: { allowHttp: true, allowPrivateNetworks, lookupTimeoutMs: 1_000 }, config: { timeoutMs: 5_000 } }) as unknown as WebhookSettings;

describe('WebhookEgress', () => {
  let server: Server;
  let port: number;
  const hosts: string[] = [];
  const egresses: WebhookEgress[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hosts.push(String(req.headers.host));
      req.resume().on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }, 10_000);
  afterAll(async () => {
    await Promise.all(egresses.map((e) => e.onApplicationShutdown()));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }, 10_000);

  const egress = (allowPrivateNetworks: boolean, dns: HostResolver) => {
    const e = new WebhookEgress(settings(allowPrivateNetworks), dns);
    egresses.push(e);
    return e;
  };
  /** The POST's status, or what the delivery log would say about its failure. */
  const post = (e: WebhookEgress, url: string) =>
    e.post(url, { 'content-type': 'application/json' }, '{}', 5_000).then(
      async (response) => {
        await response.body?.cancel();
        return response.status;
      },
      (error: unknown) => egressFailure(error, 5_000),
    );

  it('connects to the address its own look-up answered, with the name in the Host header', async () => {
    const dns = new FakeDns(['127.0.0.1']);
    await expect(post(egress(true, dns), `http://hooks.example.test:${port}/x`)).resolves.toBe(204);
    expect(dns.asked).toEqual(['hooks.example.test']);
    expect(hosts.at(-1)).toBe(`hooks.example.test:${port}`);
  });

  it('refuses a name answering a non-public address, over http and https, before any byte is sent', async () => {
    const before = hosts.length;
    for (const url of [`http://rebound.example.test:${port}/x`, `https://rebound.example.test:${port}/x`]) {
      await expect(post(egress(false, new FakeDns(['127.0.0.1'])), url)).resolves.toMatchObject({
        error: 'address not allowed', detail: expect.stringContaining('loopback address (127.0.0.1)'),
      });
    }
    await expect(post(egress(false, new FakeDns(['93.184.216.34', '::ffff:127.0.0.1'])), `http://mixed.example.test:${port}/x`)).resolves.toMatchObject({
      error: 'address not allowed',
    });
    expect(hosts.length).toBe(before);
  });

  it('uses the pinned look-up for TLS connections too', async () => {
    // The name exists only in the fake DNS: reaching the plain server at all proves the TLS
    // socket used it; the handshake then fails, which reads as a plain connection failure.
    await expect(post(egress(true, new FakeDns(['127.0.0.1'])), `https://tls.example.test:${port}/x`)).resolves.toMatchObject({
      error: 'connection failed', detail: expect.stringMatching(/SSL|TLS|wrong version/i),
    });
  });

  it('refuses IP literals without a look-up', async () => {
    const dns = new FakeDns([]);
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '[::1]']) {
      await expect(post(egress(false, dns), `http://${host}:${port}/x`)).resolves.toMatchObject({ error: 'address not allowed' });
    }
    expect(dns.asked).toEqual([]);
  });

  it('says how long it waited when the time limit ran out', () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    expect(egressFailure(timeout, 1_500).error).toBe('timed out after 1500 ms');
    expect(egressFailure(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }), 1_500)).toEqual({
      error: 'connection failed', detail: 'TypeError: fetch failed <- ECONNREFUSED: connect ECONNREFUSED',
    });
  });
});
