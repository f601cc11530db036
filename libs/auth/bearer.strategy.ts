import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { PassportStrategy } from '@nestjs/passport';
import { LRUCache } from 'lru-cache';
import { Strategy } from 'passport-http-bearer';
import { Principal, UnauthenticatedError } from '../core';
import { AccessTokenClaims, API_KEY_PREFIX, PRINCIPAL_RESOLVER, PrincipalResolver } from './principal-resolver';

/** Login tokens whose signature was checked, remembered at most (the least recently used is forgotten first). */
const MAX_VERIFIED_TOKENS = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Why a credential gives no principal:
 * - MISSING: none was sent;
 * - INVALID: not one we issued (a bad signature, garbage, an unknown API key);
 * - EXPIRED: a login token past its expiry;
 * - ENDED: a genuine login token whose session has ended (logged out, or the user's password or
 *   status changed since), or whose user is deactivated or gone.
 */
export type CredentialRefusal = 'MISSING' | 'INVALID' | 'EXPIRED' | 'ENDED';

export type CredentialCheck = { principal: Principal; refusal?: undefined } | { principal?: undefined; refusal: CredentialRefusal };

/**
 * A refused credential, answered the same on every transport: UNAUTHENTICATED, with
 * `reason: TOKEN_EXPIRED` for a login token past its expiry. `refusal` says why, for a
 * transport that answers in its own terms (graphql-ws close codes); it is not sent.
 */
export class CallerRefusedError extends UnauthenticatedError {
  constructor(readonly refusal: CredentialRefusal) {
    super(refusal === 'EXPIRED' ? 'The token has expired; log in again' : 'A valid bearer token is required', refusal === 'EXPIRED' ? { reason: 'TOKEN_EXPIRED' } : {});
  }
}

/**
 * `Authorization: Bearer <credential>`: a login token (a JWT signed with HS256) or an
 * integrator's API key. Either way the result is a live principal, looked up on every
 * request so a deactivated user, an ended session or a revoked key stops working at once.
 *
 * A token's signature is checked once: the same string verifies the same way until it
 * expires, so its claims are remembered until then (and not a moment longer). Whether its
 * session still holds is not remembered here: the principal read of every request checks it.
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

  /** Passport's hook: the principal, or CallerRefusedError saying why there is none. */
  async validate(credential: string): Promise<Principal> {
    const { principal, refusal } = await this.check(credential);
    if (refusal) throw new CallerRefusedError(refusal);
    return principal;
  }

  /** The principal a credential stands for now, or why there is none. */
  async check(credential: string): Promise<CredentialCheck> {
    if (!credential) return { refusal: 'MISSING' };
    if (credential.startsWith(API_KEY_PREFIX)) {
      const principal = await this.principals.resolveApiKey(credential);
      return principal ? { principal } : { refusal: 'INVALID' };
    }
    const claims = this.verified.get(credential) ?? (await this.verify(credential));
    if (typeof claims === 'string') return { refusal: claims };
    const principal = await this.principals.resolveAccessToken(claims);
    return principal ? { principal } : { refusal: 'ENDED' };
  }

  /** The token's claims if its signature holds and it is in force, remembered until it expires. */
  private async verify(credential: string): Promise<AccessTokenClaims | 'INVALID' | 'EXPIRED'> {
    let claims: Partial<AccessTokenClaims> & { exp?: unknown; nbf?: unknown };
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp?: unknown; nbf?: unknown }>(credential, { algorithms: ['HS256'] });
    } catch (error) {
      // Only a token whose signature held can be said to have expired: jsonwebtoken checks the signature first.
      return (error as Error).name === 'TokenExpiredError' ? 'EXPIRED' : 'INVALID';
    }
    const { sub, org, ver, jti } = claims;
    // Tokens issued before sessions could end carry no version or id: they are not accepted.
    if (typeof sub !== 'string' || typeof org !== 'string' || !Number.isInteger(ver) || typeof jti !== 'string' || !UUID.test(jti)) return 'INVALID';
    const verified: AccessTokenClaims = { sub, org, ver: ver!, jti };
    // Only a token with an expiry and already in force is remembered: the cache must never outlive a check.
    const ttl = typeof claims.exp === 'number' ? claims.exp * 1000 - Date.now() : 0;
    if (ttl > 0 && claims.nbf === undefined) this.verified.set(credential, verified, { ttl });
    return verified;
  }
}
