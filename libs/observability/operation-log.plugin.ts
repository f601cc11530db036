import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { RequestContext } from '../core';
import type { Metrics } from './metrics';

// Typed structurally, as the other plugins (src/request-transaction.plugin.ts): @apollo/server
// ships CJS and ESM declarations TypeScript will not unify with @nestjs/apollo's.
interface GraphQLContext {
  requestContext?: RequestContext;
  /** The raw HTTP answer (src/app.module.ts puts it in the context of every HTTP request). */
  res?: ServerResponse;
}
interface Answer {
  http: { status?: number };
  body: { kind: string; singleResult?: { errors?: readonly { extensions?: Record<string, unknown> }[] } };
}

/** What is known of an operation by the time its answer has left. */
interface Operation {
  started: bigint;
  name: string | null;
  type: string;
  /** Parsed and validated: its name is the document's. */
  resolved: boolean;
}

/**
 * One log line and the metrics of each GraphQL operation over HTTP: its name and type, who
 * called (principal and organization ids), how long it took, the HTTP status and the error
 * codes of the answer. Never the variables (a login's password is one) nor any header.
 * Written once the answer has left: the plugins' willSendResponse hooks run side by side, and
 * the request transaction's may still replace the answer (a failed commit).
 */
export function operationLogPlugin(logger: Logger, metrics: Metrics | null) {
  const record = (operation: Operation, context: GraphQLContext, answer: Answer, status: number) => {
    const seconds = Number(process.hrtime.bigint() - operation.started) / 1e9;
    const result = answer.body.kind === 'single' ? answer.body.singleResult : undefined;
    const codes = [...new Set((result?.errors ?? []).map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
    // Read now: a query run again after a failed first-batch guard has a fresh RequestContext.
    const request = context.requestContext;
    const principal = request?.principal ?? null;
    logger.info(
      {
        requestId: request?.requestId,
        operation: operation.name,
        operationType: operation.type,
        principalKind: principal?.kind ?? null,
        principalId: principal?.id ?? null,
        organizationId: principal?.organizationId ?? null,
        durationMs: Math.round(seconds * 10_000) / 10,
        status,
        errors: codes,
      },
      'graphql operation',
    );
    if (!metrics) return;
    const labels = { operation: metrics.operationLabel(operation.name, operation.resolved), type: operation.type };
    metrics.operations.inc(labels);
    metrics.operationSeconds.observe(labels, seconds);
    for (const code of codes) metrics.errors.inc({ code, type: operation.type });
  };

  return {
    async requestDidStart({ request }: { request: { operationName?: string | null } }) {
      const operation: Operation = { started: process.hrtime.bigint(), name: request.operationName ?? null, type: 'unknown', resolved: false };
      return {
        async didResolveOperation({ operationName, operation: document }: { operationName?: string | null; operation?: { operation: string } }) {
          operation.name = operationName ?? null;
          operation.type = document?.operation ?? 'unknown';
          operation.resolved = true;
        },
        async willSendResponse({ contextValue, response }: { contextValue: GraphQLContext; response: Answer }) {
          const res = contextValue.res;
          if (res && !res.destroyed) res.once('close', () => record(operation, contextValue, response, res.statusCode));
          else record(operation, contextValue, response, response.http.status ?? 200);
        },
      };
    },
  };
}
