import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { PARASOL_CONFIG, ParasolConfig } from '../../libs/config';
import { LookupRequest, ModerationRequest, NetworkConnector, PublishRequest, ReplyRequest } from './network-connector';
import { SandboxLedger } from './sandbox-ledger';

/** The kinds of call a connector answers; `failNext` can aim at one of them. */
export type ConnectorCall = 'publish' | 'reply' | 'moderate';

/** How the next failures look: which calls they hit, and whether the network did the work first. */
export interface SandboxFailureOptions {
  /** Only calls of this kind fail; without it, the next calls of any kind. */
  kind?: ConnectorCall;
  /**
   * The network does the work (and the sandbox records it) but the answer is lost: the
   * crash between "sent" and "recorded" that idempotency keys and `lookup` are there for.
   */
  afterSending?: boolean;
}

/**
 * The built-in connector for every network: records what it would send or do (the machines
 * reach no social network) in `sent`, `replies` and `moderations`, and answers `lookup` from
 * that record: with PARASOL_SANDBOX_LEDGER, a JSONL file every process shares (SandboxLedger),
 * so a replica reconciling another one's crashed send finds it. It deduplicates nothing: every
 * publish and reply is recorded, a repeat with the same idempotency key included, so a double
 * send by Parasol shows. `failNext(n)` makes the next n calls fail, for tests and drills.
 */
@Injectable()
export class SandboxConnector implements NetworkConnector {
  readonly name = 'sandbox';
  readonly sent: (PublishRequest & { externalId: string; at: Date })[] = [];
  readonly replies: (ReplyRequest & { externalId: string; at: Date })[] = [];
  readonly moderations: (ModerationRequest & { at: Date })[] = [];
  /** Lookups asked, by key (tests check that a reconcile asked before it sent). */
  readonly lookups: LookupRequest[] = [];
  readonly ledger: SandboxLedger | null;
  private failures: { count: number; kind?: ConnectorCall; afterSending: boolean } = { count: 0, afterSending: false };

  constructor(@Optional() @Inject(PARASOL_CONFIG) config?: Pick<ParasolConfig, 'sandboxLedger'>) {
    this.ledger = config?.sandboxLedger ? new SandboxLedger(config.sandboxLedger) : null;
  }

  /** The next `count` calls (of `options.kind` only, if given) throw; a new call replaces the previous one. */
  failNext(count: number, options: SandboxFailureOptions = {}): void {
    this.failures = { count, kind: options.kind, afterSending: options.afterSending ?? false };
  }

  async publish(request: PublishRequest): Promise<{ externalId: string }> {
    const failure = this.failure('publish');
    if (failure === 'before') throw this.outage(request.profile.network, 'the post');
    const externalId = `sandbox-${randomUUID()}`;
    this.ledger?.append({
      kind: 'publish', key: request.idempotencyKey, postId: request.postId, profileId: request.profile.id, revision: request.revision,
      replyId: null, pid: process.pid, externalId,
    });
    this.sent.push({ ...request, externalId, at: new Date() });
    if (failure === 'after') throw this.lostAnswer(request.profile.network, 'the post');
    return { externalId };
  }

  async reply(request: ReplyRequest): Promise<{ externalId: string }> {
    const failure = this.failure('reply');
    if (failure === 'before') throw this.outage(request.profile.network, 'the reply');
    const externalId = `sandbox-reply-${randomUUID()}`;
    this.ledger?.append({
      kind: 'reply', key: request.idempotencyKey, postId: null, profileId: request.profile.id, revision: null,
      replyId: request.replyId, pid: process.pid, externalId,
    });
    this.replies.push({ ...request, externalId, at: new Date() });
    if (failure === 'after') throw this.lostAnswer(request.profile.network, 'the reply');
    return { externalId };
  }

  /** The first accepted call with this key: from the shared ledger when there is one, else from this process's record. */
  async lookup(request: LookupRequest): Promise<{ externalId: string } | null> {
    this.lookups.push(request);
    if (this.ledger) {
      const found = this.ledger.find(request.kind, request.idempotencyKey);
      return found ? { externalId: found.externalId } : null;
    }
    const record: { idempotencyKey: string; externalId: string }[] = request.kind === 'publish' ? this.sent : this.replies;
    const found = record.find((r) => r.idempotencyKey === request.idempotencyKey);
    return found ? { externalId: found.externalId } : null;
  }

  async moderate(request: ModerationRequest): Promise<void> {
    const failure = this.failure('moderate');
    if (failure === 'before') throw this.outage(request.profile.network, `${request.action} of ${request.networkId}`);
    this.moderations.push({ ...request, at: new Date() });
    if (failure === 'after') throw this.lostAnswer(request.profile.network, `${request.action} of ${request.networkId}`);
  }

  /** Whether this call fails, and when: 'before' doing anything or 'after' doing it. */
  private failure(kind: ConnectorCall): 'before' | 'after' | null {
    const { count, kind: only, afterSending } = this.failures;
    if (count <= 0 || (only && only !== kind)) return null;
    this.failures.count -= 1;
    return afterSending ? 'after' : 'before';
  }

  private outage(network: string, what: string): Error {
    return new Error(`sandbox: ${network} refused ${what} (simulated outage)`);
  }

  private lostAnswer(network: string, what: string): Error {
    return new Error(`sandbox: ${network} took ${what} but the answer was lost (simulated timeout)`);
  }
}
