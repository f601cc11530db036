import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getStaticFile } from 'ruru/static';
import { EXPLORER_ASSETS_PATH, EXPLORER_PATH, explorerPage } from './explorer-page';
import { prefersHtml } from './prefers-html';

const pathOf = (url: string) => url.split('?', 1)[0];

/**
 * Serves the explorer: its page at GET /graphql to a browser (Accept ranks text/html above
 * application/json) and its assets under /graphql/explorer/. Every other request to /graphql,
 * a GET asking for JSON included, goes on to Apollo as before, CSRF prevention and all: the
 * page itself runs nothing, and the queries it sends are POSTs with a JSON body, which a
 * browser preflights.
 */
export function registerExplorer(fastify: FastifyInstance): void {
  const page = explorerPage();
  // A hook rather than a route: Apollo's integration owns the GET /graphql route.
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || pathOf(request.url) !== EXPLORER_PATH || !prefersHtml(request.headers.accept)) return;
    return reply.code(200).headers(page.headers).send(page.html);
  });
  fastify.get(`${EXPLORER_ASSETS_PATH}*`, async (request, reply) => {
    // Source maps stay out (they would hold 10 MB more in memory): only the files the page loads.
    const file = await getStaticFile({ staticPath: EXPLORER_ASSETS_PATH, urlPath: request.url, acceptEncoding: request.headers['accept-encoding'], disallowDevAssets: true });
    if (!file) return reply.callNotFound();
    // The assets change only with the ruru version: revalidated by ETag, answered 304 while unchanged.
    reply.headers({ 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', etag: file.headers.etag });
    if (request.headers['if-none-match'] === file.headers.etag) return reply.code(304).send();
    return reply.headers(file.headers).send(file.content);
  });
}
