import { randomUUID } from 'node:crypto';
import { LookupAddress } from 'node:dns';
import { createServer as createHttpServer, Server as HttpServer } from 'node:http';
import { AddressInfo, createServer as createTcpServer, Server as TcpServer, Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { builders, errorCodes, TestApp, TestOrganization } from './support';
import { HostResolver } from '../src/webhooks/webhook-egress';
import { WebhookWorker } from '../src/webhooks/webhook-worker';

// Webhook egress as an attacker meets it (issue 13, finding 9): a DNS name that answers a
// public address when the URL is checked and a loopback address when the sender connects
// (DNS rebinding), IPv6 forms that carry a loopback address, and a delivery log read to learn
// which internal ports are open. Receivers are real servers on loopback; the DNS is the only
// thing substituted, through the HostResolver provider every webhook look-up goes through.

jest.setTimeout(180_000);

const DELIVERY = 'id status attempts lastStatusCode lastError attemptLog { statusCode error succeeded }';
const CREATE_ENDPOINT = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id url } } }`;
const DELIVERIES = `query ($endpointId: ID!) { webhookDeliveries(endpointId: $endpointId, first: 50) { edges { node { ${DELIVERY} } } } }`;
const UPDATE_BRAND = `mutation ($input: UpdateBrandInput!) { updateBrand(input: $input) { id } }`;

/** A loopback HTTP server that records what reaches it and answers `status`. */
async function httpReceiver(status = 204): Promise<{ port: number; requests: string[]; server: HttpServer }> {
  const requests: string[] = [];
  const server = createHttpServer((req, res) => {
    requests.push(`${req.method} ${req.headers.host}${req.url}`);
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? 'receiver says no' : ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, requests, server };
}

/** Every socket a TCP server below accepted, destroyed at the end (server.close waits for them). */
const accepted = new Set<Socket>();

/** A loopback TCP server that does `onConnection` with every connection. */
async function tcpServer(onConnection: (socket: Socket) => void): Promise<{ port: number; server: TcpServer }> {
  const server = createTcpServer((socket) => {
    accepted.add(socket);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

const address = (text: string): LookupAddress => ({ address: text, family: text.includes(':') ? 6 : 4 });

describe('webhook egress', () => {
  const servers: (HttpServer | TcpServer)[] = [];
  afterAll(async () => {
    for (const socket of accepted) socket.destroy();
    for (const server of servers) {
      (server as HttpServer).closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 180_000);

  /** The organization's brand, an endpoint on it for `url`, and one event for it. */
  async function endpointWithEvent(t: TestApp, org: TestOrganization, url: string): Promise<string> {
    const brandId = await builders(t, org.adminToken).brand(`Egress ${randomUUID().slice(0, 8)}`);
    const { createWebhookEndpoint } = await t.ok(CREATE_ENDPOINT, { input: { url, eventTypes: ['brand.updated'], brandId } }, org.adminToken);
    await t.ok(UPDATE_BRAND, { input: { id: brandId, description: 'changed' } }, org.adminToken);
    return createWebhookEndpoint.endpoint.id as string;
  }
  const deliveries = async (t: TestApp, org: TestOrganization, endpointId: string): Promise<any[]> =>
    (await t.ok(DELIVERIES, { endpointId }, org.adminToken)).webhookDeliveries.edges.map((e: { node: unknown }) => e.node);
  const dueNow = (t: TestApp, endpointId: string) =>
    t.app.get(DataSource).query(`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE endpoint_id = $1 AND status = 'PENDING'`, [endpointId]);

  describe('without WEBHOOKS_ALLOW_PRIVATE_NETWORKS: DNS rebinding and embedded addresses', () => {
    let t: TestApp;
    let org: TestOrganization;
    /** What the DNS answers, per look-up, for the names below; the rest resolve as usual. */
    let answers: (hostname: string, call: number) => LookupAddress[] | Promise<LookupAddress[]>;
    const lookups: string[] = [];

    beforeAll(async () => {
      // http stays allowed: the receivers are plain-http servers on loopback.
      t = await TestApp.start({ WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'false', WEBHOOKS_ALLOW_HTTP: 'true' });
      org = await t.createOrganization('Egress strict');
      const resolver = t.app.get(HostResolver);
      const system = resolver.resolve.bind(resolver);
      jest.spyOn(resolver, 'resolve').mockImplementation(async (hostname) => {
        if (!hostname.endsWith('.rebind.test')) return system(hostname);
        lookups.push(hostname);
        return answers(hostname, lookups.filter((h) => h === hostname).length);
      });
    }, 180_000);
    afterAll(() => t.close(), 180_000);
    const tick = () => t.app.get(WebhookWorker).tick();

    it('sends nothing to loopback when a name answers a public address to the check and 127.0.0.1 next', async () => {
      const receiver = await httpReceiver();
      servers.push(receiver.server);
      const host = `${randomUUID().slice(0, 8)}.rebind.test`;
      // The attacker's DNS: a public address first (the URL is accepted), 127.0.0.1 from then on.
      answers = (_hostname, call) => [address(call === 1 ? '93.184.216.34' : '127.0.0.1')];
      const endpointId = await endpointWithEvent(t, org, `http://${host}:${receiver.port}/hooks`);
      expect(lookups.filter((h) => h === host)).toHaveLength(1);

      await tick();
      await dueNow(t, endpointId);
      await tick();

      expect(receiver.requests).toEqual([]);
      const [delivery] = await deliveries(t, org, endpointId);
      expect(delivery).toMatchObject({ status: 'PENDING', attempts: 2, lastStatusCode: null, lastError: 'address not allowed' });
      expect(delivery.attemptLog).toEqual([
        { statusCode: null, error: 'address not allowed', succeeded: false },
        { statusCode: null, error: 'address not allowed', succeeded: false },
      ]);
      // One look-up per attempt, and it is the one the connection used: nothing to answer differently.
      expect(lookups.filter((h) => h === host)).toHaveLength(3);
    });

    it.each([
      ['a public and a loopback address in one answer', ['93.184.216.34', '127.0.0.1']],
      ['IPv4-mapped loopback', ['::ffff:127.0.0.1']],
      ['IPv4-compatible loopback', ['::127.0.0.1']],
      ['NAT64 loopback', ['64:ff9b::7f00:1']],
      ['local-use NAT64', ['64:ff9b:1::a00:1']],
      ['6to4 loopback', ['2002:7f00:1::']],
      ['Teredo with a loopback client', ['2001:0:4136:e378:8000:63bf:80ff:fffe']],
      ['IPv6 loopback', ['::1']],
      ['link-local (cloud metadata)', ['169.254.169.254']],
    ])('refuses to connect when the name answers %s', async (_what, rebound) => {
      const receiver = await httpReceiver();
      servers.push(receiver.server);
      answers = (_hostname, call) => (call === 1 ? [address('93.184.216.34')] : rebound.map(address));
      const endpointId = await endpointWithEvent(t, org, `http://${randomUUID().slice(0, 8)}.rebind.test:${receiver.port}/hooks`);
      await tick();
      expect(receiver.requests).toEqual([]);
      expect((await deliveries(t, org, endpointId))[0]).toMatchObject({ attempts: 1, lastStatusCode: null, lastError: 'address not allowed' });
    });

    it('answers a name that does not resolve like a refused one: which internal names exist is not shown', async () => {
      answers = (_hostname, call) => (call === 1 ? [address('93.184.216.34')] : Promise.reject(Object.assign(new Error('queryA ENOTFOUND'), { code: 'ENOTFOUND' })));
      const endpointId = await endpointWithEvent(t, org, `http://${randomUUID().slice(0, 8)}.rebind.test/hooks`);
      await tick();
      expect((await deliveries(t, org, endpointId))[0]).toMatchObject({ attempts: 1, lastError: 'address not allowed' });
    });

    it('checks an address written in the URL on the connection too (node connects to it without a look-up)', async () => {
      const receiver = await httpReceiver();
      servers.push(receiver.server);
      answers = () => [address('93.184.216.34')];
      const endpointId = await endpointWithEvent(t, org, `http://${randomUUID().slice(0, 8)}.rebind.test:${receiver.port}/hooks`);
      // As if saved while private networks were allowed: the sender alone stands between it and loopback.
      await t.app.get(DataSource).query(`UPDATE webhook_endpoints SET url = $2 WHERE id = $1`, [endpointId, `http://[::ffff:127.0.0.1]:${receiver.port}/hooks`]);
      await tick();
      expect(receiver.requests).toEqual([]);
      expect((await deliveries(t, org, endpointId))[0]).toMatchObject({ attempts: 1, lastStatusCode: null, lastError: 'address not allowed' });
    });

    it.each([
      ['http://[64:ff9b::7f00:1]/x', 'resolves to a loopback address (64:ff9b::7f00:1)'],
      ['http://[64:ff9b:1::a00:1]/x', 'resolves to a private address'],
      ['http://[2002:7f00:1::]/x', 'resolves to a loopback address (2002:7f00:1::)'],
      ['http://[::ffff:7f00:1]/x', 'resolves to a loopback address'],
      ['http://[::127.0.0.1]/x', 'resolves to a loopback address'],
      ['http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/x', 'resolves to a loopback address'],
      ['http://[2001:db8::1]/x', 'resolves to a documentation address'],
      ['http://198.18.0.1/x', 'resolves to a benchmarking address'],
    ])('refuses to save %s', async (url, message) => {
      const body = await t.gql(CREATE_ENDPOINT, { input: { url, eventTypes: ['*'] } }, org.adminToken);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors![0].message).toContain(message);
    });

    it('refuses to save a name resolving to a private address without saying what it resolved to', async () => {
      answers = () => [address('10.20.30.40')];
      const host = `${randomUUID().slice(0, 8)}.rebind.test`;
      const body = await t.gql(CREATE_ENDPOINT, { input: { url: `https://${host}/x`, eventTypes: ['*'] } }, org.adminToken);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors![0].message).toContain(`host ${host} must resolve to public internet addresses only`);
      expect(JSON.stringify(body)).not.toContain('10.20.30.40');
    });
  });

  describe('with private networks allowed: what the delivery log tells about a port', () => {
    let t: TestApp;
    let org: TestOrganization;
    beforeAll(async () => {
      t = await TestApp.start();
      org = await t.createOrganization('Egress probe');
    }, 180_000);
    afterAll(() => t.close(), 180_000);

    it('reads the same for a refused port, a TLS handshake with a plain server, a reset, a hang-up and a non-HTTP service', async () => {
      const closed = await tcpServer(() => undefined);
      await new Promise((resolve) => closed.server.close(resolve)); // Nothing listens there any more.
      const plain = await httpReceiver();
      const reset = await tcpServer((socket) => socket.resetAndDestroy());
      const hangUp = await tcpServer((socket) => socket.once('data', () => socket.end()));
      const ssh = await tcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
      servers.push(plain.server, reset.server, hangUp.server, ssh.server);
      const targets = {
        refused: `http://127.0.0.1:${closed.port}/hooks`,
        tlsMismatch: `https://127.0.0.1:${plain.port}/hooks`,
        reset: `http://127.0.0.1:${reset.port}/hooks`,
        hangUp: `http://127.0.0.1:${hangUp.port}/hooks`,
        nonHttp: `http://127.0.0.1:${ssh.port}/hooks`,
      };
      const endpoints: Record<string, string> = {};
      for (const [what, url] of Object.entries(targets)) endpoints[what] = await endpointWithEvent(t, org, url);
      await t.app.get(WebhookWorker).tick();

      const errors: Record<string, unknown> = {};
      for (const [what, id] of Object.entries(endpoints)) {
        const [delivery] = await deliveries(t, org, id);
        errors[what] = [delivery.attempts, delivery.lastStatusCode, delivery.lastError];
      }
      expect(errors).toEqual(Object.fromEntries(Object.keys(targets).map((what) => [what, [1, null, 'connection failed']])));
    });

    it('still shows what a receiver that answers said', async () => {
      const receiver = await httpReceiver(503);
      servers.push(receiver.server);
      const endpointId = await endpointWithEvent(t, org, `http://127.0.0.1:${receiver.port}/hooks`);
      await t.app.get(WebhookWorker).tick();
      expect(receiver.requests).toHaveLength(1);
      expect((await deliveries(t, org, endpointId))[0]).toMatchObject({ attempts: 1, lastStatusCode: 503, lastError: 'HTTP 503: receiver says no' });
    });
  });
});
