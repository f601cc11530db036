import { LookupAddress, LookupOptions } from 'node:dns';
import { lookup as systemLookup } from 'node:dns/promises';
import { isIP, LookupFunction } from 'node:net';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent, buildConnector, fetch, Response } from 'undici';
import { nonPublicRange } from './network-address';
import { WebhookSettings } from './webhook-settings';
import { EgressPolicy } from './webhook-policy';

/**
 * The DNS as webhooks see it: every name the sender connects to and every URL an endpoint
 * saves is resolved here. A provider of its own so a test can answer for a name (as a
 * rebinding DNS server would) without touching the code that checks the answer.
 */
@Injectable()
export class HostResolver {
  resolve(hostname: string): Promise<LookupAddress[]> {
    return systemLookup(hostname, { all: true, verbatim: true });
  }
}

/** What an integrator reads in `lastError` when a delivery was refused or never connected. */
export const ADDRESS_NOT_ALLOWED = 'address not allowed';
export const CONNECTION_FAILED = 'connection failed';

/** A connection refused because of where it would go. The detail is for the log only. */
export class AddressNotAllowedError extends Error {
  static readonly CODE = 'ERR_WEBHOOK_ADDRESS_NOT_ALLOWED';
  readonly code = AddressNotAllowedError.CODE;
}

/** Throws AddressNotAllowedError for an address outside the public internet, unless allowed. */
export function assertAllowedAddress(address: string, policy: EgressPolicy, hostname = address): void {
  if (policy.allowPrivateNetworks) return;
  const range = nonPublicRange(address);
  if (range) throw new AddressNotAllowedError(`${hostname} resolves to a ${range} address (${address})`);
}

/**
 * The addresses of a host, every one of them checked: a single non-public one refuses the
 * whole answer (the connection could otherwise pick it). A host that does not resolve in time
 * is an error.
 */
export async function resolveAllowed(hostname: string, policy: EgressPolicy, resolver: HostResolver): Promise<LookupAddress[]> {
  if (isIP(hostname)) {
    assertAllowedAddress(hostname, policy);
    return [{ address: hostname, family: isIP(hostname) }];
  }
  let timer: NodeJS.Timeout | undefined;
  let addresses: LookupAddress[];
  try {
    addresses = await Promise.race([
      resolver.resolve(hostname),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error(`DNS look-up of ${hostname} timed out`), { code: 'ETIMEOUT' })), policy.lookupTimeoutMs);
      }),
    ]);
    if (!addresses.length) throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
  } catch (error) {
    // Unless the private network is open anyway, a name that does not resolve reads the same as
    // one that resolves inside it: which internal names exist is not for integrators to map.
    if (policy.allowPrivateNetworks) throw error;
    throw new AddressNotAllowedError(`${hostname} has no public address: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  for (const { address } of addresses) assertAllowedAddress(address, policy, hostname);
  return addresses;
}

/**
 * node:net's `lookup` hook: the socket connects to an address this returned, so the address
 * checked is the address connected to (no second resolution a DNS server could answer
 * differently). Happy Eyeballs asks for all addresses; a plain connect for one.
 */
function pinnedLookup(policy: EgressPolicy, resolver: HostResolver): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    resolveAllowed(hostname, policy, resolver).then(
      (addresses) => {
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        if (!usable.length) return callback(Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) callback(null, usable);
        else callback(null, usable[0].address, usable[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/**
 * Outgoing webhook requests. Each connection resolves its host once through HostResolver,
 * checks every address and connects to one of them; an IP-literal host (which node:net
 * connects to without a look-up) is checked here first. Redirects are not followed, and
 * proxies from the environment are not used.
 */
@Injectable()
export class WebhookEgress implements OnApplicationShutdown {
  private readonly agent: Agent;

  constructor(settings: WebhookSettings, resolver: HostResolver) {
    const policy = settings.urlPolicy;
    const connector = buildConnector({ timeout: settings.config.timeoutMs, lookup: pinnedLookup(policy, resolver) });
    this.agent = new Agent({
      connect: (options, callback) => {
        if (isIP(options.hostname)) {
          try {
            assertAllowedAddress(options.hostname, policy);
          } catch (error) {
            return callback(error as Error, null);
          }
        }
        connector(options, callback);
      },
    });
  }

  post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Response> {
    return fetch(url, {
      method: 'POST',
      headers,
      body,
      // A redirect could lead anywhere, the private network included: it counts as a failure.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher: this.agent,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}

/**
 * What a failed request leaves in `lastError`: the same few words whatever happened on the
 * way (refused, reset, a TLS handshake with something that is not a TLS server, a DNS
 * failure), so a delivery log cannot be used to map which ports answer where. The detail
 * goes to the service's log. A receiver that answers gets its status, as before.
 */
export function egressFailure(error: unknown, timeoutMs: number): { error: string; detail: string } {
  // Duck-typed: node's own errors come from another realm under jest, where instanceof fails.
  const chain: NodeJS.ErrnoException[] = [];
  for (let e = error as (NodeJS.ErrnoException & { cause?: unknown }) | undefined; e && typeof e === 'object' && 'message' in e && chain.length < 5; e = e.cause as typeof e) {
    chain.push(e);
  }
  const detail = chain.map((e) => `${e.code ?? e.name}: ${e.message}`).join(' <- ');
  if (chain.some((e) => e.code === AddressNotAllowedError.CODE)) return { error: ADDRESS_NOT_ALLOWED, detail };
  if ((error as Error)?.name === 'TimeoutError') return { error: `timed out after ${timeoutMs} ms`, detail };
  return { error: CONNECTION_FAILED, detail };
}
