import { Injectable, Logger, Optional } from '@nestjs/common';
import type { Response } from 'undici';
import { Db } from '../../libs/database';
import { systemContext } from '../../libs/auth';
import { Metrics } from '../../libs/observability';
import { EventPublisher } from '../audit';
import { WebhookEndpointDisabled } from './webhook.events';
import { CANCEL_PENDING_DELIVERIES } from './webhook-endpoints.service';
import { WebhookAttemptRecord, WebhookDeliveryStatus, WebhookEndpointStatus } from './webhook.entities';
import { OutboxPayload, webhookPayload } from './webhook.mapper';
import { WebhookSettings } from './webhook-settings';
import { secretContext, webhookHeaders } from './webhook-signing';
import { nextAttemptAfterFailure } from './webhook-retry';
import { egressFailure, WebhookEgress } from './webhook-egress';
import { webhookUrlShapeProblem } from './webhook-url';

export const SEND_BATCH = 20;
/** How much of a failed answer's body is kept in the attempt's error. */
const ERROR_BODY_BYTES = 200;

interface ClaimedDelivery {
  id: string;
  organization_id: string;
  endpoint_id: string;
  outbox_event_id: string;
  attempts: number;
  first_attempt_at: Date;
}

interface DeliveryTarget {
  url: string;
  status: WebhookEndpointStatus;
  brand_id: string | null;
  secret_encrypted: string;
  previous_secret_encrypted: string | null;
  previous_valid: boolean;
  audit_event_id: string;
  payload: OutboxPayload;
}

interface Outcome {
  statusCode: number | null;
  durationMs: number;
  /** What the delivery log shows the integrator. */
  error: string | null;
  /** What only the service's log shows: why a connection failed, where it went. */
  detail?: string;
}

export interface SendResult {
  claimed: number;
  succeeded: number;
  failed: number;
}

/**
 * Sends due deliveries. A claim (FOR UPDATE SKIP LOCKED) moves each delivery's
 * `next_attempt_at` a short lease ahead and commits before any request goes out: no
 * transaction stays open across HTTP, and a sender killed mid-request leaves its deliveries
 * due again once the lease runs out. So every event arrives at least once (sometimes twice;
 * receivers dedupe on `webhook-id`).
 */
@Injectable()
export class WebhookSender {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly db: Db,
    private readonly events: EventPublisher,
    private readonly settings: WebhookSettings,
    private readonly egress: WebhookEgress,
    // The API's registry (GET /metrics); the standalone worker has none.
    @Optional() private readonly metrics?: Metrics,
  ) {}

  /** Claims a batch of due deliveries and attempts them side by side. */
  async sendDue(): Promise<SendResult> {
    const claimed = await this.db.query<ClaimedDelivery>(
      `WITH due AS (
         SELECT id FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
       )
       UPDATE webhook_deliveries d
          SET next_attempt_at = now() + $2 * interval '1 millisecond', first_attempt_at = coalesce(d.first_attempt_at, now())
         FROM due WHERE d.id = due.id
       RETURNING d.id, d.organization_id, d.endpoint_id, d.outbox_event_id, d.attempts, d.first_attempt_at`,
      [SEND_BATCH, this.settings.claimLeaseMs],
    );
    const outcomes = await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
    return {
      claimed: claimed.length,
      succeeded: outcomes.filter((o) => o === 'succeeded').length,
      failed: outcomes.filter((o) => o === 'failed').length,
    };
  }

  private async attempt(delivery: ClaimedDelivery): Promise<'succeeded' | 'failed' | 'skipped'> {
    try {
      const target = await this.db.queryOne<DeliveryTarget>(
        `SELECT e.url, e.status, e.brand_id, e.secret_encrypted, e.previous_secret_encrypted,
                coalesce(e.previous_secret_expires_at > now(), false) AS previous_valid, o.audit_event_id, o.payload
           FROM webhook_endpoints e JOIN outbox_events o ON o.id = $2 WHERE e.id = $1`,
        [delivery.endpoint_id, delivery.outbox_event_id],
      );
      // Deleted since the claim: its deliveries went with it.
      if (!target) return 'skipped';
      if (target.status !== WebhookEndpointStatus.ENABLED) {
        await this.db.query(CANCEL_PENDING_DELIVERIES, [delivery.organization_id, delivery.endpoint_id]);
        return 'skipped';
      }
      const outcome = await this.post(delivery, target);
      const succeeded = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
      await this.record(delivery, target, outcome, succeeded);
      return succeeded ? 'succeeded' : 'failed';
    } catch (error) {
      // The claim lapses and the delivery is tried again: at least once, whatever went wrong here.
      this.logger.error(`delivery ${delivery.id}: ${(error as Error).stack ?? error}`);
      return 'failed';
    }
  }

  /** One POST, never throwing: a refusal, a timeout or a 5xx all come back as an outcome. */
  private async post(delivery: ClaimedDelivery, target: DeliveryTarget): Promise<Outcome> {
    const started = performance.now();
    const outcome = (statusCode: number | null, error: string | null, detail?: string): Outcome => ({
      statusCode, error, detail, durationMs: Math.round(performance.now() - started),
    });
    let secrets: string[];
    try {
      const context = secretContext(delivery.organization_id, delivery.endpoint_id);
      secrets = [this.settings.secrets.open(target.secret_encrypted, context)];
      if (target.previous_valid && target.previous_secret_encrypted) secrets.push(this.settings.secrets.open(target.previous_secret_encrypted, context));
    } catch {
      return outcome(null, 'the signing secret cannot be decrypted (was WEBHOOK_ENCRYPTION_KEY or JWT_SECRET changed?)');
    }
    // The configuration may have changed since the endpoint was saved. Where the host resolves is
    // checked by the egress, on the connection itself.
    const problem = webhookUrlShapeProblem(target.url, this.settings.urlPolicy);
    if (problem) return outcome(null, `refused: the URL ${problem}`);

    const body = JSON.stringify(webhookPayload({ id: delivery.outbox_event_id, organization_id: delivery.organization_id, audit_event_id: target.audit_event_id, payload: target.payload }));
    const headers = webhookHeaders(delivery.outbox_event_id, Math.floor(Date.now() / 1000), body, secrets);
    try {
      const response = await this.egress.post(target.url, headers, body, this.settings.config.timeoutMs);
      const ok = response.status >= 200 && response.status < 300;
      const excerpt = ok ? '' : await readExcerpt(response);
      if (ok) await response.body?.cancel();
      return outcome(response.status, ok ? null : `HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`);
    } catch (error) {
      const failure = egressFailure(error, this.settings.config.timeoutMs);
      return outcome(null, failure.error, failure.detail);
    }
  }

  /**
   * Records the attempt and settles the delivery: SUCCEEDED on 2xx; else PENDING again after a
   * backoff, or FAILED once the retry window has passed. An endpoint whose deliveries keep
   * failing for good is disabled, with an audit event.
   */
  private async record(delivery: ClaimedDelivery, target: DeliveryTarget, outcome: Outcome, succeeded: boolean): Promise<void> {
    const now = new Date();
    const attempt = delivery.attempts + 1;
    const next = succeeded ? null : nextAttemptAfterFailure(attempt, delivery.first_attempt_at, now);
    const log: WebhookAttemptRecord = { attemptedAt: now.toISOString(), statusCode: outcome.statusCode, durationMs: outcome.durationMs, error: outcome.error, succeeded };
    if (!succeeded) this.logger.warn(`delivery ${delivery.id} to ${target.url}: attempt ${attempt} failed (${outcome.detail ?? outcome.error})${next ? '' : '; giving up'}`);
    const status = await this.db.transaction(async () => {
      // A delivery cancelled meanwhile stays cancelled, unless this very attempt got through.
      const settled = await this.db.queryOne<{ status: WebhookDeliveryStatus }>(
        `UPDATE webhook_deliveries
            SET attempts = attempts + 1, attempt_log = attempt_log || $2::jsonb, last_attempt_at = $3, last_status_code = $4, last_error = $5,
                status = CASE WHEN $6 THEN 'SUCCEEDED' WHEN status <> 'PENDING' THEN status WHEN $7::timestamptz IS NULL THEN 'FAILED' ELSE 'PENDING' END,
                next_attempt_at = CASE WHEN NOT $6 AND status = 'PENDING' THEN $7::timestamptz END,
                delivered_at = CASE WHEN $6 THEN coalesce(delivered_at, $3) ELSE delivered_at END, updated_at = now()
          WHERE id = $1 RETURNING status`,
        [delivery.id, JSON.stringify([log]), now, outcome.statusCode, outcome.error?.slice(0, 500) ?? null, succeeded, next],
      );
      if (!settled) return null;
      if (succeeded) {
        await this.db.query(`UPDATE webhook_endpoints SET consecutive_failures = 0, last_success_at = $2 WHERE id = $1`, [delivery.endpoint_id, now]);
      } else if (settled.status === WebhookDeliveryStatus.FAILED && !next) {
        await this.countFailure(delivery, target);
      }
      return settled.status;
    });
    // Counted once committed (GET /metrics).
    if (status) this.metrics?.webhookDeliveries.inc({ status });
  }

  private async countFailure(delivery: ClaimedDelivery, target: DeliveryTarget): Promise<void> {
    const limit = this.settings.config.disableAfterFailures;
    const reason = `Disabled after ${limit} deliveries in a row failed, each retried for 24 hours`;
    const disabled = await this.db.queryOne<{ consecutive_failures: number }>(
      `UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1,
              status = CASE WHEN consecutive_failures + 1 >= $2 THEN 'DISABLED' ELSE status END,
              disabled_reason = CASE WHEN consecutive_failures + 1 >= $2 THEN $3 ELSE disabled_reason END,
              disabled_at = CASE WHEN consecutive_failures + 1 >= $2 THEN now() ELSE disabled_at END,
              updated_at = now()
        WHERE id = $1 AND status = 'ENABLED' RETURNING consecutive_failures`,
      [delivery.endpoint_id, limit, reason],
    );
    if (!disabled || disabled.consecutive_failures < limit) return;
    this.logger.warn(`endpoint ${delivery.endpoint_id} (${target.url}) disabled after ${limit} failed deliveries in a row`);
    await this.db.query(CANCEL_PENDING_DELIVERIES, [delivery.organization_id, delivery.endpoint_id]);
    await this.events.publish(
      systemContext(delivery.organization_id),
      new WebhookEndpointDisabled({ by: 'failures', endpointId: delivery.endpoint_id, brandId: target.brand_id, reason, consecutiveFailures: disabled.consecutive_failures }),
    );
  }
}

/** The start of a response body, as text, without reading more than that. */
async function readExcerpt(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // A body cut short is still an answer; its status says what matters.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, ERROR_BODY_BYTES).toString('utf8').replace(/\s+/g, ' ').trim();
}
