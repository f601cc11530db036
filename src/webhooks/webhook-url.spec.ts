import { webhookUrlProblem, WebhookUrlPolicy } from './webhook-url';

const strict: WebhookUrlPolicy = { allowHttp: false, allowPrivateNetworks: false, lookupTimeoutMs: 200 };
const resolvesTo = (...addresses: string[]) => async () => addresses;

describe('webhookUrlProblem', () => {
  it('accepts an https URL whose host resolves only to public addresses', async () => {
    await expect(webhookUrlProblem('https://hooks.example.com/parasol', strict, resolvesTo('93.184.216.34', '2606:2800:220:1::1'))).resolves.toBeNull();
  });

  it('refuses what is not an absolute https URL, or carries credentials', async () => {
    await expect(webhookUrlProblem('hooks.example.com/x', strict)).resolves.toBe('must be an absolute URL');
    await expect(webhookUrlProblem('http://hooks.example.com/x', strict, resolvesTo('93.184.216.34'))).resolves.toBe('must be an https URL');
    await expect(webhookUrlProblem('ftp://hooks.example.com/x', { ...strict, allowHttp: true })).resolves.toBe('must be an http or https URL');
    await expect(webhookUrlProblem('https://user:pw@hooks.example.com/x', strict)).resolves.toBe('must not carry credentials');
  });

  it('allows http only when configured', async () => {
    await expect(webhookUrlProblem('http://hooks.example.com/x', { ...strict, allowHttp: true }, resolvesTo('93.184.216.34'))).resolves.toBeNull();
  });

  it('refuses loopback, private and link-local addresses, literal or resolved, unless private networks are allowed', async () => {
    await expect(webhookUrlProblem('https://127.0.0.1/x', strict)).resolves.toMatch(/loopback address \(127\.0\.0\.1\)/);
    await expect(webhookUrlProblem('https://[::1]:8443/x', strict)).resolves.toMatch(/loopback address \(::1\)/);
    // WHATWG URL parsing normalizes the odd spellings of an address before it is checked.
    await expect(webhookUrlProblem('https://2130706433/x', strict)).resolves.toMatch(/loopback/);
    await expect(webhookUrlProblem('https://0x7f.1/x', strict)).resolves.toMatch(/loopback/);
    await expect(webhookUrlProblem('https://169.254.169.254/latest/meta-data', strict)).resolves.toMatch(/link-local/);
    // One private address among public ones is enough to refuse: the connection could use it.
    await expect(webhookUrlProblem('https://sneaky.example.com/x', strict, resolvesTo('93.184.216.34', '10.0.0.5'))).resolves.toMatch(/private address \(10\.0\.0\.5\)/);
    await expect(webhookUrlProblem('https://127.0.0.1/x', { ...strict, allowPrivateNetworks: true })).resolves.toBeNull();
  });

  it('refuses a host that does not resolve, or not in time', async () => {
    const missing = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    await expect(webhookUrlProblem('https://nowhere.invalid/x', strict, () => Promise.reject(missing))).resolves.toBe('host nowhere.invalid does not resolve (ENOTFOUND)');
    await expect(webhookUrlProblem('https://slow.example.com/x', strict, () => new Promise(() => undefined))).resolves.toBe('host slow.example.com does not resolve (timed out)');
  });
});
