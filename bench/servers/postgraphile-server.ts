import { createServer } from 'node:http';
import Module from 'node:module';
import { dirname } from 'node:path';
import { Pool } from 'pg';

/**
 * PostGraphile v4 needs graphql 15 while Parasol uses 16, so npm gives postgraphile and
 * graphile-build-pg a nested graphql 15 each: two copies whose types do not recognise each
 * other ("Unexpected input type: UUID!"). In this process every `graphql` import resolves to
 * postgraphile's copy.
 */
function oneGraphqlCopy(): void {
  const graphqlDir = dirname(require.resolve('graphql/package.json', { paths: [dirname(require.resolve('postgraphile/package.json'))] }));
  const loader = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (request: string, ...rest: unknown[]) {
    if (request === 'graphql' || request.startsWith('graphql/')) request = graphqlDir + request.slice('graphql'.length);
    return resolve.call(this, request, ...rest);
  };
}
oneGraphqlCopy();
// Loaded after the hook above.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { postgraphile } = require('postgraphile') as typeof import('postgraphile');

/**
 * PostGraphile v4 on the bench database, as a library behind a plain Node HTTP server, the
 * way its documentation runs it. It connects as the bench's login role (a superuser on the
 * bench machine): no JWT, no pgSettings, so no transaction and no row-level security per
 * request. Parasol does both; the report says so.
 *
 * Env: BENCH_DB_URL, PORT, BENCH_POOL_SIZE, BENCH_PGL_SCHEMAS (comma separated).
 */
async function main(): Promise<void> {
  const url = process.env.BENCH_DB_URL;
  if (!url) throw new Error('BENCH_DB_URL is required');
  const pool = new Pool({ connectionString: url, max: Number(process.env.BENCH_POOL_SIZE ?? 10), application_name: 'postgraphile-bench' });
  const schemas = (process.env.BENCH_PGL_SCHEMAS ?? 'public').split(',');
  const middleware = postgraphile(pool, schemas, {
    graphqlRoute: '/graphql',
    graphiql: false,
    disableQueryLog: true,
    dynamicJson: true,
    setofFunctionsContainNulls: false,
    legacyRelations: 'omit',
    disableDefaultMutations: true,
    enableQueryBatching: false,
    watchPg: false,
    retryOnInitFail: false,
    ignoreRBAC: true,
    // The default: relations and orderings need no index of their own (ours lead with organization_id; the queries pass it).
    ignoreIndexes: true,
    extendedErrors: ['errcode'],
  });
  const server = createServer(middleware);
  const port = Number(process.env.PORT ?? 0);
  server.keepAliveTimeout = 65_000;
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    console.log(`READY ${typeof address === 'object' && address ? address.port : port}`);
  });
  const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
