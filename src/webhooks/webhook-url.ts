import { isIP } from 'node:net';
import { nonPublicRange } from './network-address';
import { AddressNotAllowedError, HostResolver, resolveAllowed } from './webhook-egress';
import { WebhookUrlPolicy } from './webhook-policy';

/**
 * Why this URL cannot take webhooks whatever its host resolves to, or null: an absolute
 * http(s) URL (https only unless configured) without credentials. Checked at save time and
 * before every attempt, as the configuration may have changed since.
 */
export function webhookUrlShapeProblem(raw: string, policy: WebhookUrlPolicy): string | null {
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
  if (!url.hostname) return 'must name a host';
  return null;
}

/**
 * Why Parasol will not POST to this URL, or null when it will, checked when an endpoint is
 * saved or enabled: the shape, and a host that resolves (every address of it) outside
 * loopback, private, link-local, CGNAT, unique-local and the other non-public ranges, unless
 * private networks are allowed. It is a courtesy to the integrator: what protects the network
 * is the sender, which checks the address it connects to on every connection (WebhookEgress).
 * For a name, the message does not say what it resolved to: internal DNS is not for API users.
 */
export async function webhookUrlProblem(raw: string, policy: WebhookUrlPolicy, resolver: HostResolver): Promise<string | null> {
  const shape = webhookUrlShapeProblem(raw, policy);
  if (shape) return shape;
  // WHATWG URL parsing has normalized odd spellings of an address (2130706433, 0x7f.1).
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const range = policy.allowPrivateNetworks ? null : nonPublicRange(host);
    return range ? `resolves to a ${range} address (${host}); requests to private networks are refused` : null;
  }
  try {
    await resolveAllowed(host, policy, resolver);
    return null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === AddressNotAllowedError.CODE) return `host ${host} must resolve to public internet addresses only (requests to private networks are refused)`;
    return `host ${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}
