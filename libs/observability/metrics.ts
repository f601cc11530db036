import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Distinct operation names kept as labels; later names count as "other" (names are the client's to choose). */
export const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

/**
 * The service's Prometheus metrics, one registry per app (tests boot several in one process).
 * No label ever names an organization, a principal or a brand: a scrape shows the service, not
 * its tenants.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly operations: Counter<'operation' | 'type'>;
  readonly operationSeconds: Histogram<'operation' | 'type'>;
  readonly errors: Counter<'code' | 'type'>;
  readonly webhookDeliveries: Counter<'status'>;
  private readonly names = new Set<string>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.operations = new Counter({ name: 'parasol_graphql_operations_total', help: 'GraphQL operations answered over HTTP, by operation name and type', labelNames: ['operation', 'type'], registers });
    this.operationSeconds = new Histogram({
      name: 'parasol_graphql_operation_duration_seconds',
      help: 'Time from receiving a GraphQL operation to answering it',
      labelNames: ['operation', 'type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({ name: 'parasol_graphql_errors_total', help: 'Errors in GraphQL answers, by extensions.code', labelNames: ['code', 'type'], registers });
    this.webhookDeliveries = new Counter({
      name: 'parasol_webhook_delivery_attempts_total',
      help: "Webhook delivery attempts settled by this process's worker, by the delivery's status after the attempt (SUCCEEDED, PENDING: retried later, FAILED: given up)",
      labelNames: ['status'],
      registers,
    });
  }

  /**
   * The label for an operation's name, bounded: "anonymous" without one, "unknown" when the
   * document did not parse or validate, "other" past MAX_OPERATION_NAMES distinct names or for
   * a name that is not a plain GraphQL name.
   */
  operationLabel(name: string | null | undefined, resolved: boolean): string {
    if (!resolved) return 'unknown';
    if (!name) return 'anonymous';
    if (this.names.has(name)) return name;
    if (!OPERATION_NAME.test(name) || this.names.size >= MAX_OPERATION_NAMES) return 'other';
    this.names.add(name);
    return name;
  }

  /** The exposition text, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
