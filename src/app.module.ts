import { createSecretKey } from 'node:crypto';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import { DataSource, Migration } from 'typeorm';
import { AccessGuard, BearerStrategy, CallerBinder, PRINCIPAL_RESOLVER, SubscriptionSessions, tenantScopedSubscribe } from '../libs/auth';
import { PARASOL_CONFIG, ParasolConfig, ResolvedConfig } from '../libs/config';
import { CompiledExecution, describeRootTypes, servePrefetched, queryLimits, createErrorFormatter, requestErrorStatusPlugin, freshReadsAfterMutations, GraphQLExceptionFilter, inputHygienePlugin, InputValidationPipe, isUnexpectedError, Principal, RequestContext } from '../libs/core';
import { Db, migrateUnderLock, parasolDataSourceOptions, StatementCounter } from '../libs/database';
import { Metrics, operationLogPlugin, type Logger as PinoLogger } from '../libs/observability';
import { PubSubModule } from '../libs/pubsub';
import { requestTransactionPlugin } from './request-transaction.plugin';
import { idempotencyPlugin } from './idempotency';
import { MIGRATIONS } from '../migrations';
import { AccessModule } from './access';
import { AuditModule } from './audit';
import { BrandsModule } from './brands';
import { BrandConsoleModule } from './brand-console';
import { DemoModule } from './demo';
import { ENTITIES } from './entities';
import { EVENT_CATALOGUE } from './events';
import { HealthModule } from './health';
import { RetentionModule } from './retention';
import { IdentityModule, PrincipalsService } from './identity';
import { SocialProfilesModule } from './profiles';
import { ApprovalsModule } from './approvals';
import { PoliciesModule } from './policies';
import { PostsModule } from './posts';
import { InboxModule } from './inbox';
import { IntegrationsModule } from './integrations';
import { NodesModule } from './nodes';
import { ObservabilityModule } from './observability';
import { PublishingModule } from './publishing';
import { WebhooksModule } from './webhooks';

function logApplied(applied: Migration[]): void {
  if (applied.length) new Logger('Migrations').log(`Applied ${applied.length}: ${applied.map((m) => m.name).join(', ')}`);
}

@Global()
@Module({})
class CoreModule {
  static forRoot(config: ResolvedConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: PARASOL_CONFIG, useValue: config },
        Db,
      ],
      exports: [PARASOL_CONFIG, Db],
    };
  }
}

/** Who is calling: the bearer strategy and what it resolves principals with. */
@Module({
  imports: [IdentityModule, PassportModule],
  providers: [BearerStrategy, CallerBinder, SubscriptionSessions, { provide: PRINCIPAL_RESOLVER, useExisting: PrincipalsService }],
  exports: [BearerStrategy, CallerBinder, SubscriptionSessions],
})
class AuthModule {}

@Module({})
export class AppModule {
  static forRoot(config: ResolvedConfig, operationLogger: PinoLogger): DynamicModule {
    const logger = new Logger('GraphQL');
    // Production hides graphql-js's "Did you mean ...?" hints along with introspection.
    const formatError = createErrorFormatter({ hideSuggestions: config.production });
    // HTTP (validation rules, plugins) and the WebSocket (onSubscribe) are held to the same limits.
    const limits = queryLimits(config.queryLimits, formatError);
    const postsModule = PostsModule.forRoot(config.schedulerIntervalMs);
    const inboxModule = InboxModule.forRoot(postsModule);
    const webhooksModule = WebhooksModule.forRoot(EVENT_CATALOGUE);
    const sqlLogger = new Logger('SQL');
    const jwtKey = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        ObservabilityModule.forRoot(config),
        PubSubModule.forRoot({ redisUrl: config.redisUrl, prefix: config.redisPrefix }),
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            parasolDataSourceOptions({
              url: config.databaseUrl,
              poolSize: config.poolSize,
              poolWaitMs: config.poolWaitMs,
              entities: ENTITIES,
              migrations: MIGRATIONS,
              logger: new StatementCounter((level, message) => sqlLogger[level](message)),
            }),
          // Migrations before anything else touches the database, under a lock: N replicas may boot at once (libs/database/migrate-under-lock.ts).
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            if (config.migrateOnBoot) logApplied(await migrateUnderLock(dataSource, config.migrationLockWaitMs));
            return dataSource;
          },
        }),
        PassportModule,
        // The access guard (APP_GUARD below) binds callers with its CallerBinder.
        AuthModule,
        JwtModule.register({
          global: true,
          // A key object made once: given the string, jsonwebtoken rebuilds one on every sign and
          // verify, first trying (and failing) to read it as a PEM public key.
          secretOrKeyProvider: () => jwtKey,
          signOptions: { algorithm: 'HS256', expiresIn: config.jwtExpiresIn as `${number}h` },
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [AuthModule],
          inject: [Db, CallerBinder, SubscriptionSessions, Metrics],
          useFactory: (db: Db, binder: CallerBinder, sessions: SubscriptionSessions, metrics: Metrics) => ({
            ...(() => {
              const idempotency = idempotencyPlugin({ db, binder, secret: config.jwtSecret, timings: { leaseSeconds: config.leases.idempotencySeconds } });
              // No cache hints are used: without the cache-control plugin Apollo does not wrap every field's resolver.
              // NUL and lone surrogates in any string are refused before anything runs (libs/core/input-hygiene.ts).
              const plugins = [inputHygienePlugin(), ...limits.plugins, requestErrorStatusPlugin(), idempotency, requestTransactionPlugin(db, logger), ApolloServerPluginCacheControlDisabled()];
              // Last: it logs and counts each operation as its answer leaves (libs/observability).
              plugins.push(operationLogPlugin(operationLogger, config.metrics.enabled ? metrics : null));
              // graphql-jit executes (see CompiledExecution); Apollo still parses, validates and runs the plugins.
              // A query whose first-batch guard failed (its caller, taken from the cache, changed while it
              // ran: src/identity/principals.service.ts) runs again, with a fresh context.
              const execution = new CompiledExecution(async (context) => {
                if (await db.settleGuard()) return true;
                const gql = context as { requestContext: RequestContext };
                gql.requestContext = new RequestContext(null, gql.requestContext.requestId);
                return false;
              });
              return {
                validationRules: limits.validationRules,
                parseOptions: limits.parseOptions,
                plugins: plugins as ApolloDriverConfig['plugins'],
                // Values read ahead with their parent (a brand console in one statement) answer their fields.
                // Each mutation's result, and the mutations after it, read what it wrote.
                transformSchema: (schema: GraphQLSchema) => execution.captureSchema(freshReadsAfterMutations(servePrefetched(describeRootTypes(schema)))),
                // Not in Nest's typings: Apollo takes a custom executor only this way.
                ...({ gateway: execution.gateway } as object),
              };
            })(),
            // One operation per HTTP request: a batch would multiply every limit above.
            allowBatchedHttpRequests: false,
            // An execution error may ask for an HTTP status (a refused login: 429 or 503 with
            // Retry-After, src/identity/login-limiter.ts); Nest's driver would reset it to 200.
            preserveHttpStatusForExecutionErrors: false,
            // Apollo's default appends a newline, which makes the answer a two-part string that
            // is copied whole again before it is sent (49 KB per brand console).
            stringifyResult: (value) => JSON.stringify(value),
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            // The explorer's documentation and completion read the schema: PARASOL_EXPLORER=true in production opens it too.
            introspection: !config.production || config.explorer,
            playground: false,
            includeStacktraceInErrorResponses: false,
            subscriptions: {
              // graphql-ws: the client sends { authorization: "Bearer <token or API key>" } as connection params.
              // The caller is checked at connect, before every event and periodically (libs/auth/subscription-sessions.ts).
              'graphql-ws': {
                onSubscribe: limits.onSubscribe,
                // Its start and each event read in the caller's tenant scope, as an HTTP request does.
                subscribe: tenantScopedSubscribe(db),
                onConnect: sessions.onConnect,
                onClose: sessions.onClose,
                // An event's errors leave through the same formatter as over HTTP: graphql-ws would
                // otherwise send each error's own message, an unexpected one's included.
                onNext: async (ctx: Parameters<typeof sessions.onNext>[0], id: string, payload: unknown, args: { contextValue?: unknown }, result: ExecutionResult) => {
                  await sessions.onNext(ctx, id, payload, args);
                  if (!result.errors?.length) return;
                  for (const error of result.errors.filter(isUnexpectedError)) logger.error(`subscription ${id}: ${error.originalError?.stack ?? error.stack ?? error.message}`);
                  return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) };
                },
                // An error that ends a subscription (refused as it starts: a guard, a brand out of
                // reach) comes wrapped by graphql-ws around what was thrown: unwrapped, it leaves
                // through the same formatter, with its code, instead of as graphql-ws words it.
                onError: (_ctx: unknown, id: string, _payload: unknown, errors: readonly GraphQLError[]) =>
                  errors.map((error) => {
                    const formatted = formatError(error.toJSON(), error.originalError ?? error);
                    if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') logger.error(`subscription ${id}: ${error.originalError?.stack ?? error.stack ?? error.message}`);
                    return formatted;
                  }),
              },
            },
            // Over HTTP Apollo's Fastify integration passes the request itself; a subscription
            // passes graphql-ws's context, whose `extra` carries the principal of the connection.
            context: (given: FastifyRequest | { extra?: { principal?: Principal } }, reply?: FastifyReply) => {
              if (!('raw' in given)) return { requestContext: new RequestContext(given.extra?.principal ?? null) };
              const req = given;
              // Fastify's request id: the caller's X-Request-Id when it is a plain id (libs/observability).
              return { req, res: reply?.raw, requestContext: new RequestContext(null, req.id) };
            },
            formatError,
          }),
        }),
        AuditModule,
        AccessModule,
        IdentityModule,
        BrandsModule,
        SocialProfilesModule,
        PoliciesModule,
        BrandConsoleModule,
        ApprovalsModule,
        PublishingModule,
        postsModule,
        inboxModule,
        webhooksModule,
        IntegrationsModule,
        NodesModule.forRoot([postsModule, inboxModule, webhooksModule]),
        DemoModule.forRoot(config.demo, postsModule, inboxModule),
        HealthModule.forRoot({ migrations: MIGRATIONS, redisUrl: config.redisUrl }),
        RetentionModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_FILTER, useClass: GraphQLExceptionFilter },
      ],
    };
  }
}
