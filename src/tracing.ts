import type { NodeSDK } from '@opentelemetry/sdk-node';

/**
 * OpenTelemetry traces, off unless the standard OTEL_* variables ask for them
 * (docs/guide/operations.md). main.ts imports this file first, so the instrumentations patch
 * http, Fastify, graphql and pg before anything loads them; another entry point can preload it
 * with `node --require ./dist/src/tracing.js`. It imports nothing of Parasol's (libs/core
 * loads graphql) and loads the SDK only when traces are on.
 */
export function tracingWanted(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  if (exporters.length) return !exporters.every((name) => name === 'none');
  // The SDK's own default exporter is OTLP: naming where it goes is asking for it.
  return !!(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Paths whose requests are not traced: probes and scrapes, many times a minute, tell nothing. */
const UNTRACED = /^\/(health|metrics)(\/|\?|$)/;

function startTracing(): NodeSDK {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { FastifyOtelInstrumentation } = require('@fastify/otel') as typeof import('@fastify/otel');
  // Traces only, unless asked: the SDK would otherwise also push OTLP metrics and logs by
  // default (metrics are Prometheus' at /metrics).
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? 'parasol',
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => UNTRACED.test(request.url ?? '') }),
      // Fastify's own instrumentation, on every Fastify instance as it is created (Nest's adapter makes it).
      new FastifyOtelInstrumentation({ registerOnInitialization: true, ignorePaths: (route) => UNTRACED.test(route.url) }),
      // No variable values on spans (allowValues defaults to false): a login's password is one.
      new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true }),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
  return sdk;
}

/** The running SDK when traces are on: main.ts shuts it down last, so the last spans are sent. */
export const tracing: NodeSDK | null = tracingWanted(process.env) ? startTracing() : null;
