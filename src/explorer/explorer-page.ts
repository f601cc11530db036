import { createHash } from 'node:crypto';
import { RuruClientConfig, ruruHTML } from 'ruru/server';

/** Where the page is, and where the service serves the explorer's scripts, styles and fonts (no CDN). */
export const EXPLORER_PATH = '/graphql';
export const EXPLORER_ASSETS_PATH = '/graphql/explorer/';

/** The demo's Mars tree (README's first query), with the login it needs said in comments. */
export const DEMO_QUERY = `# Parasol's GraphQL explorer ("Docs" lists every type and field).
# 1. In a new tab, log in as the demo admin (no token needed):
#    mutation {
#      login(email: "admin@mars.example", password: "parasol-demo") {
#        accessToken
#      }
#    }
# 2. Under "Headers" below, send the token with every request:
#    { "Authorization": "Bearer <accessToken>" }
# 3. Run this query: the umbrella brands, their sub-brands and
#    each one's social profiles.
query MarsTree {
  brands(filter: { rootsOnly: true }) {
    edges {
      node {
        name
        children {
          edges {
            node {
              name
              profiles {
                edges {
                  node {
                    network
                    handle
                    status
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
`;

export interface ExplorerPage {
  html: string;
  /** Response headers of the page: its Content-Security-Policy allows nothing the service does not serve. */
  headers: Record<string, string>;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The inline scripts of a page (ruru's configuration and start-up), as a CSP lists them: by hash. */
function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => sha256(match[1]));
}

/**
 * The explorer page: ruru (GraphiQL with its assets bundled in the package) pointed at this
 * service's /graphql, subscriptions over graphql-ws on the same path (ruru derives ws:// or
 * wss:// from the page's address), the header editor on for the bearer token.
 */
export function explorerPage(): ExplorerPage {
  const html = ruruHTML({
    staticPath: EXPLORER_ASSETS_PATH,
    endpoint: EXPLORER_PATH,
    // ruru's typings make every client option required; each has a default.
    clientConfig: {
      defaultQuery: DEMO_QUERY,
      isHeadersEditorEnabled: true,
      // No "explain" headers: Parasol does not answer them.
      debugTools: [],
    } as Partial<RuruClientConfig> as RuruClientConfig,
    htmlParts: { titleTag: '<title>Parasol GraphQL explorer</title>' },
  });
  const csp = [
    "default-src 'none'",
    // ruru's own inline scripts by hash; everything else from this service.
    `script-src 'self' ${inlineScriptHashes(html).join(' ')}`,
    // The editor (Monaco) and GraphiQL set styles inline; no style is fetched from elsewhere.
    "style-src 'self' 'unsafe-inline'",
    // Its stylesheets embed their fonts as data: URLs.
    "font-src 'self' data:",
    "img-src 'self' data:",
    // Queries over HTTP and subscriptions over graphql-ws, to this service only.
    "connect-src 'self'",
    "worker-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    html,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': csp,
      'cache-control': 'no-store',
      // GET /graphql answers a page or JSON depending on Accept.
      vary: 'Accept',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
  };
}
