import type { Logger } from 'pino';
import type { RequestContext } from '../core';
import type { Metrics } from './metrics';

// Typed structurally, as the other plugins (src/request-transaction.plugin.ts): @apollo/server
// ships CJS and ESM declarations TypeScript will not unify with @nestjs/apollo's.
interface OperationContext {
  contextValue: { requestContext?: RequestContext };
  request: { operationName?: string | null };
}
interface ResolvedOperation {
  operationName?: string | null;
  operation?: { operation: string };
}
interface Answer {
  response: { http: { status?: number }; body: { kind: string; singleResult?: { errors?: readonly { extensions?: Record<string, unknown> }[] } } };
}

/**
 * One log line and the metrics of each GraphQL operation over HTTP: its name and type, who
 * called (principal and organization ids), how long it took, the HTTP status and the error
 * codes of the answer. Never the variables (a login's password is one) nor any header.
 * Placed last among the plugins, it sees the answer as it leaves (status set, transaction ended).
 */
export function operationLogPlugin(logger: Logger, metrics: Metrics | null) {
  return {
    async requestDidStart({ request }: OperationContext) {
      const started = process.hrtime.bigint();
      let name = request.operationName ?? null;
      let type = 'unknown';
      let resolved = false;
      return {
        async didResolveOperation({ operationName, operation }: ResolvedOperation) {
          name = operationName ?? null;
          type = operation?.operation ?? 'unknown';
          resolved = true;
        },
        async willSendResponse({ contextValue, response }: OperationContext & Answer) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const codes = [...new Set((result?.errors ?? []).map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          const context = contextValue.requestContext;
          const principal = context?.principal ?? null;
          logger.info(
            {
              requestId: context?.requestId,
              operation: name,
              operationType: type,
              principalKind: principal?.kind ?? null,
              principalId: principal?.id ?? null,
              organizationId: principal?.organizationId ?? null,
              durationMs: Math.round(seconds * 10_000) / 10,
              status: response.http.status ?? 200,
              errors: codes,
            },
            'graphql operation',
          );
          if (!metrics) return;
          const labels = { operation: metrics.operationLabel(name, resolved), type };
          metrics.operations.inc(labels);
          metrics.operationSeconds.observe(labels, seconds);
          for (const code of codes) metrics.errors.inc({ code, type });
        },
      };
    },
  };
}
