import { Injectable } from '@nestjs/common';
import { Principal, RequestContext } from '../core';
import { Db } from '../database';
import { BearerStrategy } from './bearer.strategy';

/**
 * Who a request says it is: a bearer credential as sent (an `Authorization` header, graphql-ws
 * connection params), or a verification that reads it itself (the guard: passport running the
 * bearer strategy over the HTTP request).
 */
export type CallerCredential = string | undefined | (() => Promise<Principal>);

/** `Authorization: Bearer <credential>`, read as passport-http-bearer reads the header: exactly two parts. */
export function bearerCredential(authorization: string | string[] | undefined): string | undefined {
  const parts = (typeof authorization === 'string' ? authorization : '').split(' ');
  return parts.length === 2 && /^Bearer$/i.test(parts[0]) && parts[1] ? parts[1] : undefined;
}

/**
 * Binds the caller of a request, the one way every entry does it (the access guard, the
 * Idempotency-Key plugin that runs before it, subscriptions): the credential is verified by the
 * bearer strategy (`validate`: a live principal read through the PrincipalResolver, or
 * CallerRefusedError), the RequestContext is
 * authenticated with it, and the request's database work enters its organization's
 * row-level-security scope. Once per RequestContext: the root fields of one request, and a
 * plugin before them, share one verification (one principal look-up), and its refusal.
 */
@Injectable()
export class CallerBinder {
  private readonly bindings = new WeakMap<RequestContext, Promise<Principal>>();

  constructor(
    private readonly bearer: BearerStrategy,
    private readonly db: Db,
  ) {}

  bind(requestContext: RequestContext, credential: CallerCredential): Promise<Principal> {
    let binding = this.bindings.get(requestContext);
    if (!binding) {
      binding = this.enter(requestContext, credential);
      this.bindings.set(requestContext, binding);
    }
    return binding;
  }

  private async enter(requestContext: RequestContext, credential: CallerCredential): Promise<Principal> {
    // A subscription's context arrives with the principal its connection was admitted with.
    const principal = requestContext.principal ?? (typeof credential === 'function' ? await credential() : await this.bearer.validate(credential ?? ''));
    requestContext.authenticate(principal);
    // From here on the request's statements run in its tenant's row-level-security scope.
    this.db.enterTenant(principal.organizationId);
    return principal;
  }
}
