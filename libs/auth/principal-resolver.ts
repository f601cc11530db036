import { Principal } from '../core';

export interface AccessTokenClaims {
  /** The principal's id. */
  sub: string;
  /** The organization the token acts in. */
  org: string;
  /** The user's token version when the token was issued: a password or status change moves it, ending the token. */
  ver: number;
  /** The token's own id: `logout` ends this token, and only it. */
  jti: string;
}

/** API keys are recognizable by their prefix; anything else is taken for a login token. */
export const API_KEY_PREFIX = 'psk_';

/**
 * Turns a verified credential into a live principal with its grants, or null when it no
 * longer exists, is deactivated or revoked, or (a login token) its version has moved on or it
 * was logged out. Implemented by the identity feature; auth only
 * knows the interface.
 */
export interface PrincipalResolver {
  resolveAccessToken(claims: AccessTokenClaims): Promise<Principal | null>;
  resolveApiKey(key: string): Promise<Principal | null>;
}

export const PRINCIPAL_RESOLVER = Symbol('PRINCIPAL_RESOLVER');
