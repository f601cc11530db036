import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PARASOL_CONFIG, ParasolConfig } from '../config';
import { Principal, RequestContext } from '../core';
import { BearerStrategy, CallerRefusedError, CredentialRefusal } from './bearer.strategy';
import { CallerBinder } from './caller-binder';

/** graphql-ws close codes (its CloseCode enum): a credential that is missing, bad or expired... */
export const CLOSE_UNAUTHORIZED = 4401;
/** ...and a principal that is no longer allowed in (deactivated, session ended, key revoked). */
export const CLOSE_FORBIDDEN = 4403;

/** What graphql-ws's `ws` adapter hands the hooks as `extra`. */
interface SocketExtra {
  socket: { close(code: number, reason: string): void; readyState: number; OPEN: number };
  principal?: Principal;
}

interface ConnectionContext {
  connectionParams?: Readonly<Record<string, unknown>>;
  extra: unknown;
}

interface OpenConnection {
  credential: string;
  extra: SocketExtra;
}

const closeCode = (refusal: CredentialRefusal) => (refusal === 'ENDED' ? CLOSE_FORBIDDEN : CLOSE_UNAUTHORIZED);
const closeReason = (refusal: CredentialRefusal) =>
  ({ MISSING: 'Unauthorized', INVALID: 'Unauthorized', EXPIRED: 'Token expired', ENDED: 'Forbidden' })[refusal];

/** `{ authorization: "Bearer <token or API key>" }` in the connection params. */
function credentialOf(params: ConnectionContext['connectionParams']): string {
  const header = params?.authorization ?? params?.Authorization;
  return typeof header === 'string' ? header.replace(/^Bearer\s+/i, '') : '';
}

/**
 * The callers of open graphql-ws connections, checked as long as they stay open:
 *
 * - at connect: a missing, bad or expired credential is closed with 4401, a principal no longer
 *   allowed in (deactivated, logged out, password changed since) with 4403;
 * - before every event sent: the credential is checked again (one statement, the same principal
 *   read as an HTTP request's), so no event reaches a caller whose session ended, and the
 *   subscription goes on with the caller's current grants;
 * - every `subscriptionRecheckIntervalMs`: the same check for connections that receive nothing,
 *   so a deactivated user's idle socket does not stay open either, nor a token past its expiry.
 *
 * The check after an event is its own: it never reuses one started before the event, which
 * might predate the change that ended the session.
 */
@Injectable()
export class SubscriptionSessions implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Subscriptions');
  private readonly open = new Map<SocketExtra, OpenConnection>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly bearer: BearerStrategy,
    private readonly binder: CallerBinder,
    @Inject(PARASOL_CONFIG) private readonly config: ParasolConfig,
  ) {}

  onModuleInit(): void {
    const every = this.config.sessions.subscriptionRecheckIntervalMs;
    if (every > 0) this.timer = setInterval(() => void this.recheckAll(), every).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.open.clear();
  }

  /** How many connections are open (for tests and diagnostics). */
  get size(): number {
    return this.open.size;
  }

  /** graphql-ws `onConnect`: admits the connection, or closes it with the code its refusal calls for. */
  readonly onConnect = async (context: ConnectionContext): Promise<boolean> => {
    const extra = context.extra as SocketExtra;
    const credential = credentialOf(context.connectionParams);
    try {
      // The connection's caller is bound as a request's is; each of its operations starts from it.
      extra.principal = await this.binder.bind(new RequestContext(), credential);
    } catch (error) {
      if (!(error instanceof CallerRefusedError)) throw error;
      // Closed here with our code; graphql-ws's own 4403 for `false` then finds the socket closing.
      extra.socket.close(closeCode(error.refusal), closeReason(error.refusal));
      return false;
    }
    this.open.set(extra, { credential, extra });
    return true;
  };

  /** graphql-ws `onNext`: the caller is checked before each event; a refused one never receives it. */
  readonly onNext = async (context: ConnectionContext, _id: string, _payload: unknown, args: { contextValue?: unknown }): Promise<void> => {
    const connection = this.open.get(context.extra as SocketExtra);
    if (!connection) return;
    const principal = await this.recheck(connection);
    // The subscription's filters see the caller's current grants from the next event on.
    const requestContext = (args.contextValue as { requestContext?: RequestContext } | undefined)?.requestContext;
    if (principal && requestContext) requestContext.authenticate(principal);
  };

  /** graphql-ws `onClose`. */
  readonly onClose = (context: ConnectionContext): void => {
    this.open.delete(context.extra as SocketExtra);
  };

  /** Checks every open connection now (what the timer does). */
  async recheckAll(): Promise<void> {
    for (const connection of [...this.open.values()]) {
      try {
        await this.recheck(connection);
      } catch (error) {
        // A failed check (the database unreachable) is no verdict: the next one decides.
        this.logger.warn(`could not re-check a subscription's caller: ${(error as Error).message}`);
      }
    }
  }

  /** The caller now, or null after closing the socket with the code that says why. */
  private async recheck(connection: OpenConnection): Promise<Principal | null> {
    const { principal, refusal } = await this.bearer.check(connection.credential);
    if (principal && principal.id === connection.extra.principal?.id) {
      connection.extra.principal = principal;
      return principal;
    }
    this.open.delete(connection.extra);
    const code = refusal === 'EXPIRED' ? CLOSE_UNAUTHORIZED : CLOSE_FORBIDDEN;
    connection.extra.socket.close(code, refusal === 'EXPIRED' ? 'Token expired' : 'Forbidden');
    return null;
  }
}
