import { Principal } from '../core';

export interface AccessTokenClaims {
  /** The principal's id. */
  sub: string;
  /** The organization the token acts in. */
  org: string;
}

/** API keys are recognizable by their prefix; anything else is taken for a login token. */
export const API_KEY_PREFIX = 'psk_';

/**
 * Turns a verified credential into a live principal with its grants, or null when it no
 * longer exists, is deactivated or revoked. Implemented by the identity feature; auth only
 * knows the interface.
 */
export interface PrincipalResolver {
  resolveAccessToken(claims: AccessTokenClaims): Promise<Principal | null>;
  resolveApiKey(key: string): Promise<Principal | null>;
}

export const PRINCIPAL_RESOLVER = Symbol('PRINCIPAL_RESOLVER');
