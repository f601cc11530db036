import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { nonPublicRange } from './network-address';

export interface WebhookUrlPolicy {
  allowHttp: boolean;
  allowPrivateNetworks: boolean;
  /** How long a DNS look-up may take. */
  lookupTimeoutMs: number;
}

export type ResolveHost = (hostname: string) => Promise<string[]>;

const resolveAll: ResolveHost = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Why Parasol will not POST to this URL, or null when it will: an absolute http(s) URL
 * (https only unless configured), without credentials, whose host resolves (every address
 * of it) outside loopback, private, link-local, CGNAT and unique-local ranges unless private
 * networks are allowed. Checked when an endpoint is saved and again before every attempt, so
 * a DNS record changed later cannot point deliveries into the private network.
 */
export async function webhookUrlProblem(raw: string, policy: WebhookUrlPolicy, resolve: ResolveHost = resolveAll): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:')) {
    return policy.allowHttp ? 'must be an http or https URL' : 'must be an https URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) return 'must name a host';

  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    let timer: NodeJS.Timeout | undefined;
    try {
      addresses = await Promise.race([
        resolve(host),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), policy.lookupTimeoutMs);
        }),
      ]);
    } catch (error) {
      return `host ${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    } finally {
      clearTimeout(timer);
    }
    if (!addresses.length) return `host ${host} does not resolve`;
  }
  if (policy.allowPrivateNetworks) return null;
  for (const address of addresses) {
    const range = nonPublicRange(address);
    if (range) return `resolves to a ${range} address (${address}); requests to private networks are refused`;
  }
  return null;
}
