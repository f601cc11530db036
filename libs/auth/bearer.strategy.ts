import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { PassportStrategy } from '@nestjs/passport';
import { LRUCache } from 'lru-cache';
import { Strategy } from 'passport-http-bearer';
import { Principal } from '../core';
import { AccessTokenClaims, API_KEY_PREFIX, PRINCIPAL_RESOLVER, PrincipalResolver } from './principal-resolver';

/** Login tokens whose signature was checked, remembered at most (the least recently used is forgotten first). */
const MAX_VERIFIED_TOKENS = 10_000;

/**
 * `Authorization: Bearer <credential>`: a login token (a JWT signed with HS256) or an
 * integrator's API key. Either way the result is a live principal, looked up on every
 * request so a deactivated user or a revoked key stops working at once.
 *
 * A token's signature is checked once: the same string verifies the same way until it
 * expires, so its claims are remembered until then (and not a moment longer).
 */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  private readonly verified = new LRUCache<string, AccessTokenClaims>({ max: MAX_VERIFIED_TOKENS, ttlAutopurge: false });

  constructor(
    private readonly jwt: JwtService,
    @Inject(PRINCIPAL_RESOLVER) private readonly principals: PrincipalResolver,
  ) {
    super();
  }

  async validate(credential: string): Promise<Principal | false> {
    if (credential.startsWith(API_KEY_PREFIX)) return (await this.principals.resolveApiKey(credential)) ?? false;
    const claims = this.verified.get(credential) ?? (await this.verify(credential));
    if (!claims) return false;
    return (await this.principals.resolveAccessToken(claims)) ?? false;
  }

  /** The token's claims if its signature holds and it is in force, remembered until it expires. */
  private async verify(credential: string): Promise<AccessTokenClaims | null> {
    let claims: AccessTokenClaims & { exp?: unknown; nbf?: unknown };
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp?: unknown; nbf?: unknown }>(credential, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    if (typeof claims.sub !== 'string' || typeof claims.org !== 'string') return null;
    // Only a token with an expiry and already in force is remembered: the cache must never outlive a check.
    const ttl = typeof claims.exp === 'number' ? claims.exp * 1000 - Date.now() : 0;
    if (ttl > 0 && claims.nbf === undefined) this.verified.set(credential, { sub: claims.sub, org: claims.org }, { ttl });
    return { sub: claims.sub, org: claims.org };
  }
}
