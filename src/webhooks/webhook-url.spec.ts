import { HostResolver } from './webhook-egress';
import { WebhookUrlPolicy } from './webhook-policy';
import { webhookUrlProblem } from './webhook-url';

const strict: WebhookUrlPolicy = { allowHttp: false, allowPrivateNetworks: false, lookupTimeoutMs: 200 };
const permissive: WebhookUrlPolicy = { ...strict, allowPrivateNetworks: true };
/** A DNS that answers every name with these addresses (or with what `answer` does). */
const dns = (answer: (hostname: string) => Promise<string[]>): HostResolver => ({
  resolve: async (hostname) => (await answer(hostname)).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
});
const resolvesTo = (...addresses: string[]) => dns(async () => addresses);
const system = new HostResolver();

describe('webhookUrlProblem', () => {
  it('accepts an https URL whose host resolves only to public addresses', async () => {
    await expect(webhookUrlProblem('https://hooks.example.com/parasol', strict, resolvesTo('93.184.216.34', '2606:2800:220:1::1'))).resolves.toBeNull();
  });

  it('refuses what is not an absolute https URL, or carries credentials', async () => {
    await expect(webhookUrlProblem('hooks.example.com/x', strict, system)).resolves.toBe('must be an absolute URL');
    await expect(webhookUrlProblem('http://hooks.example.com/x', strict, resolvesTo('93.184.216.34'))).resolves.toBe('must be an https URL');
    await expect(webhookUrlProblem('ftp://hooks.example.com/x', { ...strict, allowHttp: true }, system)).resolves.toBe('must be an http or https URL');
    await expect(webhookUrlProblem('https://user:pw@hooks.example.com/x', strict, system)).resolves.toBe('must not carry credentials');
  });

  it('allows http only when configured', async () => {
    await expect(webhookUrlProblem('http://hooks.example.com/x', { ...strict, allowHttp: true }, resolvesTo('93.184.216.34'))).resolves.toBeNull();
  });

  it('refuses non-public literal addresses, in any spelling, unless private networks are allowed', async () => {
    await expect(webhookUrlProblem('https://127.0.0.1/x', strict, system)).resolves.toMatch(/loopback address \(127\.0\.0\.1\)/);
    await expect(webhookUrlProblem('https://[::1]:8443/x', strict, system)).resolves.toMatch(/loopback address \(::1\)/);
    // WHATWG URL parsing normalizes the odd spellings of an address before it is checked.
    await expect(webhookUrlProblem('https://2130706433/x', strict, system)).resolves.toMatch(/loopback/);
    await expect(webhookUrlProblem('https://0x7f.1/x', strict, system)).resolves.toMatch(/loopback/);
    await expect(webhookUrlProblem('https://169.254.169.254/latest/meta-data', strict, system)).resolves.toMatch(/link-local/);
    await expect(webhookUrlProblem('https://[64:ff9b::7f00:1]/x', strict, system)).resolves.toMatch(/loopback/);
    await expect(webhookUrlProblem('https://[2002:7f00:1::]/x', strict, system)).resolves.toMatch(/loopback/);
    await expect(webhookUrlProblem('https://[::ffff:10.0.0.1]/x', strict, system)).resolves.toMatch(/private/);
    await expect(webhookUrlProblem('https://127.0.0.1/x', permissive, system)).resolves.toBeNull();
  });

  it('refuses a name that resolves to any non-public address, without saying which', async () => {
    const refused = 'host sneaky.example.com must resolve to public internet addresses only (requests to private networks are refused)';
    // One private address among public ones is enough: the connection could use it.
    await expect(webhookUrlProblem('https://sneaky.example.com/x', strict, resolvesTo('93.184.216.34', '10.0.0.5'))).resolves.toBe(refused);
    await expect(webhookUrlProblem('https://sneaky.example.com/x', strict, resolvesTo('64:ff9b::a9fe:a9fe'))).resolves.toBe(refused);
    await expect(webhookUrlProblem('https://sneaky.example.com/x', permissive, resolvesTo('10.0.0.5'))).resolves.toBeNull();
  });

  it('says a host does not resolve only where private networks are open; elsewhere it reads as refused', async () => {
    const missing = dns(() => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })));
    const slow = dns(() => new Promise(() => undefined));
    await expect(webhookUrlProblem('https://nowhere.invalid/x', permissive, missing)).resolves.toBe('host nowhere.invalid does not resolve (ENOTFOUND)');
    await expect(webhookUrlProblem('https://slow.example.com/x', permissive, slow)).resolves.toBe('host slow.example.com does not resolve (ETIMEOUT)');
    // Whether an internal name exists is not for API users to learn.
    await expect(webhookUrlProblem('https://nowhere.invalid/x', strict, missing)).resolves.toMatch(/must resolve to public internet addresses only/);
    await expect(webhookUrlProblem('https://db.internal/x', strict, resolvesTo('10.0.0.5'))).resolves.toMatch(/must resolve to public internet addresses only/);
  });
});
