import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DISPATCH_BATCH, WebhookDispatcher } from './webhook-dispatcher';
import { SEND_BATCH, WebhookSender } from './webhook-sender';
import { WebhookSettings } from './webhook-settings';

/** Batches one tick may take of each kind, so a backlog never starves the next tick's timer. */
const MAX_BATCHES = 50;

export interface WebhookTickResult {
  /** Outbox events fanned out to deliveries. */
  dispatched: number;
  /** Delivery attempts made, and how they went. */
  attempted: number;
  succeeded: number;
  failed: number;
}

/**
 * The webhook worker: every WEBHOOK_WORKER_INTERVAL_MS, fans the outbox out to deliveries and
 * sends those that are due. Runs in every API process unless the interval is 0, and alone in
 * `node dist/src/webhook-worker.js`; any number of them can run on one database.
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly dispatcher: WebhookDispatcher,
    private readonly sender: WebhookSender,
    private readonly settings: WebhookSettings,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.settings.config.workerIntervalMs;
    if (interval <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .catch((error: Error) => this.logger.error(`tick failed: ${error.stack ?? error.message}`))
        .finally(() => (this.running = null));
    }, interval);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass: dispatch the outbox, then send what is due. */
  async tick(): Promise<WebhookTickResult> {
    const result: WebhookTickResult = { dispatched: 0, attempted: 0, succeeded: 0, failed: 0 };
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const dispatched = await this.dispatcher.dispatchBatch();
      result.dispatched += dispatched;
      if (dispatched < DISPATCH_BATCH) break;
    }
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const sent = await this.sender.sendDue();
      result.attempted += sent.claimed;
      result.succeeded += sent.succeeded;
      result.failed += sent.failed;
      if (sent.claimed < SEND_BATCH) break;
    }
    return result;
  }
}
