import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ModerationRequest, NetworkConnector, PublishRequest, ReplyRequest } from './network-connector';

/** The kinds of call a connector answers; `failNext` can aim at one of them. */
export type ConnectorCall = 'publish' | 'reply' | 'moderate';

/** How the next failures look: which calls they hit, and whether the network did the work first. */
export interface SandboxFailureOptions {
  /** Only calls of this kind fail; without it, the next calls of any kind. */
  kind?: ConnectorCall;
  /**
   * The network does the work (and the sandbox records it) but the answer is lost: the
   * crash between "sent" and "recorded" that a reply's idempotency key is there for.
   */
  afterSending?: boolean;
}

/**
 * The built-in connector for every network: records what it would send or do (the machines
 * reach no social network) in `sent`, `replies` and `moderations`. Replies are deduplicated by
 * idempotency key, as a real network's API does: a repeat returns the first externalId and
 * records nothing new. `failNext(n)` makes the next n calls fail, for tests and drills.
 */
@Injectable()
export class SandboxConnector implements NetworkConnector {
  readonly name = 'sandbox';
  readonly sent: (PublishRequest & { externalId: string; at: Date })[] = [];
  readonly replies: (ReplyRequest & { externalId: string; at: Date })[] = [];
  readonly moderations: (ModerationRequest & { at: Date })[] = [];
  private readonly replyByKey = new Map<string, string>();
  private failures: { count: number; kind?: ConnectorCall; afterSending: boolean } = { count: 0, afterSending: false };

  /** The next `count` calls (of `options.kind` only, if given) throw; a new call replaces the previous one. */
  failNext(count: number, options: SandboxFailureOptions = {}): void {
    this.failures = { count, kind: options.kind, afterSending: options.afterSending ?? false };
  }

  async publish(request: PublishRequest): Promise<{ externalId: string }> {
    const failure = this.failure('publish');
    if (failure === 'before') throw this.outage(request.profile.network, 'the post');
    const externalId = `sandbox-${randomUUID()}`;
    this.sent.push({ ...request, externalId, at: new Date() });
    if (failure === 'after') throw this.lostAnswer(request.profile.network, 'the post');
    return { externalId };
  }

  async reply(request: ReplyRequest): Promise<{ externalId: string }> {
    const failure = this.failure('reply');
    if (failure === 'before') throw this.outage(request.profile.network, 'the reply');
    let externalId = this.replyByKey.get(request.idempotencyKey);
    if (!externalId) {
      externalId = `sandbox-reply-${randomUUID()}`;
      this.replyByKey.set(request.idempotencyKey, externalId);
      this.replies.push({ ...request, externalId, at: new Date() });
    }
    if (failure === 'after') throw this.lostAnswer(request.profile.network, 'the reply');
    return { externalId };
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
