import { Principal } from '../core';

export interface AccessTokenClaims {
  /** The principal's id. */
  sub: string;
  /** The organization the token acts in. */
  org: string;
}

/**
 * Turns verified token claims into a live principal, or null when it no longer exists or
 * is deactivated. Implemented by the identity feature; auth only knows the interface.
 */
export interface PrincipalResolver {
  resolveAccessToken(claims: AccessTokenClaims): Promise<Principal | null>;
}

export const PRINCIPAL_RESOLVER = Symbol('PRINCIPAL_RESOLVER');
