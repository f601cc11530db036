import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import argon2 from 'argon2';
import { Pool } from 'pg';
import { Grant, holds, permissionsOn, rolePermissions } from '../../libs/auth/grants';
import { Permission } from '../../libs/auth/permissions';
import { effectivePolicies } from '../../libs/policy-engine/inheritance';
import { PolicyRule } from '../../libs/policy-engine/types';

/**
 * The physical limit for our stack: Node's http server, `pg`, one hand-written SQL statement
 * per read that builds the response as JSON (json_build_object / json_agg), and Parasol's own
 * pure functions for what SQL does not compute (effective policies, viewer permissions). It
 * verifies the bearer token and reads the caller's grants like Parasol, in the same statement.
 * No framework, no GraphQL, no transaction, no row-level security (it filters by tenant itself).
 *
 * Env: BENCH_DB_URL, PORT, BENCH_POOL_SIZE, JWT_SECRET.
 */
const secret = process.env.JWT_SECRET ?? '';
const pool = new Pool({ connectionString: process.env.BENCH_DB_URL, max: Number(process.env.BENCH_POOL_SIZE ?? 10), application_name: 'baseline-bench' });
const BUILT_IN = ['ORG_ADMIN', 'BRAND_MANAGER', 'ZOOM_AGENT', 'CONTENT_CREATOR', 'APPROVER', 'ANALYST', 'INTEGRATION'];
const PERMISSION_NAME = new Map(Object.entries(Permission).map(([name, value]) => [value as string, name]));
const configKey = (type: string) => type.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');

class HttpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// --- tokens: HS256 JWTs as @nestjs/jwt (jsonwebtoken) signs them --------------------------

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64url');
const HEADER = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function sign(claims: Record<string, unknown>): string {
  const payload = b64(JSON.stringify(claims));
  return `${HEADER}.${payload}.${createHmac('sha256', secret).update(`${HEADER}.${payload}`).digest('base64url')}`;
}

function verify(header: string | undefined): { sub: string; org: string } {
  const token = header?.startsWith('Bearer ') ? header.slice(7) : '';
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) throw new HttpError('UNAUTHENTICATED', 'A valid bearer token is required');
  const expected = createHmac('sha256', secret).update(`${h}.${p}`).digest();
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HttpError('UNAUTHENTICATED', 'A valid bearer token is required');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  if (JSON.parse(Buffer.from(h, 'base64url').toString('utf8')).alg !== 'HS256' || typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) {
    throw new HttpError('UNAUTHENTICATED', 'A valid bearer token is required');
  }
  return claims;
}

const toGrants = (rows: { roleKey: string; brandId: string | null; permissions: string[] | null }[]): Grant[] =>
  rows.map((g, i) => ({ assignmentId: String(i), roleKey: g.roleKey, brandId: g.brandId, permissions: rolePermissions(g.roleKey, g.permissions) }));

// --- SQL ------------------------------------------------------------------------------------

const ME = `me AS (SELECT u.id, u.organization_id FROM users u WHERE u.id = $1 AND u.organization_id = $2 AND u.status = 'ACTIVE')`;
const GRANTS = `(SELECT coalesce(json_agg(json_build_object('roleKey', a.role_key, 'brandId', a.brand_id, 'permissions', r.permissions)), '[]')
     FROM me JOIN role_assignments a ON a.organization_id = me.organization_id AND a.principal_id = me.id
     LEFT JOIN roles r ON r.organization_id = a.organization_id AND r.key = a.role_key)`;
const PROFILES = (b: string) => `(SELECT coalesce(json_agg(json_build_object('id', p.id, 'network', p.network, 'handle', p.handle, 'displayName', p.display_name, 'status', p.status)
      ORDER BY p.network, lower(p.handle), p.id), '[]')
     FROM social_profiles p WHERE p.organization_id = ${b}.organization_id AND p.brand_id = ${b}.id AND p.status <> 'ARCHIVED')`;
const POLICIES = (where: string) => `(SELECT coalesce(json_agg(json_build_object('id', p.id, 'brandId', p.brand_id, 'type', p.type, 'enforcement', p.enforcement,
      'locked', p.locked, 'enabled', p.enabled, 'config', p.config) ORDER BY p.type), '[]') FROM policies p WHERE ${where})`;

const CONSOLE_SQL = `WITH ${ME},
  root AS (SELECT b.* FROM brands b JOIN me ON b.organization_id = me.organization_id WHERE b.id = $3),
  kids AS (SELECT c.* FROM brands c JOIN root ON c.organization_id = root.organization_id AND c.parent_id = root.id WHERE c.archived_at IS NULL)
SELECT (SELECT count(*) FROM me)::int AS authenticated,
  ${GRANTS} AS grants,
  (SELECT json_build_object('id', r.id, 'name', r.name, 'slug', r.slug, 'depth', r.depth, 'status', r.status, 'ancestorIds', r.ancestor_ids,
      'path', (SELECT coalesce(json_agg(a.slug ORDER BY a.depth), '[]') FROM brands a WHERE a.organization_id = r.organization_id AND a.id = ANY(r.ancestor_ids)),
      'profiles', ${PROFILES('r')},
      'chain', ${POLICIES('p.organization_id = r.organization_id AND p.brand_id = ANY(r.ancestor_ids || r.id)')})
     FROM root r) AS root,
  (SELECT count(*) FROM kids)::int AS child_count,
  (SELECT coalesce(json_agg(json_build_object('id', k.id, 'name', k.name, 'slug', k.slug, 'depth', k.depth, 'status', k.status,
      'profiles', ${PROFILES('k')}, 'policies', ${POLICIES('p.organization_id = k.organization_id AND p.brand_id = k.id')}) ORDER BY k.name, k.id), '[]')
     FROM (SELECT * FROM kids ORDER BY name, id LIMIT 11) k) AS children`;

const POSTS_SQL = `WITH ${ME},
  readable AS (
    SELECT a.brand_id FROM me JOIN role_assignments a ON a.organization_id = me.organization_id AND a.principal_id = me.id
      LEFT JOIN roles r ON r.organization_id = a.organization_id AND r.key = a.role_key
     WHERE a.role_key = ANY($5::text[]) OR r.permissions @> ARRAY['brand:read']),
  scope AS (
    SELECT b.id, b.name, b.slug FROM brands b JOIN me ON b.organization_id = me.organization_id
     WHERE (b.id = $3 OR b.ancestor_ids @> ARRAY[$3::uuid])
       AND (EXISTS (SELECT 1 FROM readable WHERE brand_id IS NULL) OR b.id IN (SELECT brand_id FROM readable)
            OR b.ancestor_ids && ARRAY(SELECT brand_id FROM readable WHERE brand_id IS NOT NULL))),
  matching AS (
    SELECT p.*, s.name AS brand_name, s.slug AS brand_slug FROM posts p JOIN scope s ON s.id = p.brand_id
     WHERE p.organization_id = $2 AND p.status = ANY($4::post_status[]))
SELECT (SELECT count(*) FROM me)::int AS authenticated,
  (SELECT count(*) FROM matching)::int AS total,
  (SELECT coalesce(json_agg(json_build_object('id', m.id, 'title', m.title, 'body', m.body, 'format', m.format, 'status', m.status, 'tags', m.tags,
      'revision', m.revision, 'createdAt', m.created_at, 'scheduledAt', m.scheduled_at, 'publishedAt', m.published_at,
      'brand', json_build_object('id', m.brand_id, 'name', m.brand_name, 'slug', m.brand_slug),
      'approvalRequest', (SELECT json_build_object('id', r.id, 'status', r.status, 'currentStage', r.current_stage) FROM approval_requests r
                           WHERE r.organization_id = m.organization_id AND r.post_id = m.id ORDER BY r.created_at DESC, r.id DESC LIMIT 1))
      ORDER BY m.created_at DESC, m.id DESC), '[]')
     FROM (SELECT * FROM matching ORDER BY created_at DESC, id DESC LIMIT 21) m) AS page`;

// --- handlers -------------------------------------------------------------------------------

type Rule = PolicyRule & { config: unknown };
const policyOut = (rule: Rule) => ({
  id: rule.id,
  type: rule.type,
  enforcement: rule.enforcement,
  locked: rule.locked,
  enabled: rule.enabled,
  brandId: rule.brandId,
  config: { [configKey(rule.type)]: rule.config },
});

async function consoleRead(auth: string | undefined, variables: { id: string }) {
  const claims = verify(auth);
  const { rows } = await pool.query({ name: 'bench_console', text: CONSOLE_SQL, values: [claims.sub, claims.org, variables.id] });
  const row = rows[0];
  if (!row.authenticated) throw new HttpError('UNAUTHENTICATED', 'A valid bearer token is required');
  const grants = toGrants(row.grants);
  const root = row.root;
  if (!root || !holds(grants, Permission.BRAND_READ, { id: root.id, ancestorIds: root.ancestorIds })) throw new HttpError('NOT_FOUND', 'Brand not found');
  const byBrand = new Map<string, Rule[]>();
  for (const rule of root.chain as Rule[]) byBrand.set(rule.brandId, [...(byBrand.get(rule.brandId) ?? []), rule]);
  const rootLevels = [...root.ancestorIds, root.id].map((id: string) => byBrand.get(id) ?? []);
  const childAncestors = [...root.ancestorIds, root.id];
  const permissions = (scope: { id: string; ancestorIds: readonly string[] }) => permissionsOn(grants, scope).map((p) => PERMISSION_NAME.get(p));
  const connection = <T>(items: T[], total: number) => ({ totalCount: total, edges: items.slice(0, 10).map((node) => ({ node })) });
  type ChildRow = { id: string; name: string; slug: string; depth: number; status: string; profiles: unknown[]; policies: Rule[] };
  const children = (row.children as ChildRow[]).map((child) => ({
    id: child.id,
    name: child.name,
    slug: child.slug,
    depth: child.depth,
    status: child.status,
    viewerPermissions: permissions({ id: child.id, ancestorIds: childAncestors }),
    profiles: connection(child.profiles, child.profiles.length),
    policies: child.policies.map((p) => ({ id: p.id, type: p.type, enforcement: p.enforcement, locked: p.locked, enabled: p.enabled })),
    effectivePolicies: effectivePolicies([...rootLevels, child.policies]).map((r) => policyOut(r as Rule)),
  }));
  const page = children.slice(0, 10);
  return {
    brand: {
      id: root.id,
      name: root.name,
      slug: root.slug,
      depth: root.depth,
      status: root.status,
      path: [...root.path, root.slug],
      viewerPermissions: permissions({ id: root.id, ancestorIds: root.ancestorIds }),
      profiles: connection(root.profiles, root.profiles.length),
      effectivePolicies: effectivePolicies(rootLevels).map((r) => policyOut(r as Rule)),
      children: {
        totalCount: row.child_count,
        pageInfo: { hasNextPage: children.length > 10, hasPreviousPage: false, endCursor: page.length ? cursor([page.at(-1)!.depth, page.at(-1)!.name, page.at(-1)!.id]) : null },
        edges: page.map((node) => ({ cursor: cursor([node.depth, node.name, node.id]), node })),
      },
    },
  };
}

async function postsRead(auth: string | undefined, variables: { brandId: string; statuses: string[] }) {
  const claims = verify(auth);
  const { rows } = await pool.query({ name: 'bench_posts', text: POSTS_SQL, values: [claims.sub, claims.org, variables.brandId, variables.statuses, BUILT_IN] });
  const row = rows[0];
  if (!row.authenticated) throw new HttpError('UNAUTHENTICATED', 'A valid bearer token is required');
  const nodes = row.page as { id: string; createdAt: string }[];
  const edges = nodes.slice(0, 20).map((node) => ({ cursor: cursor([new Date(node.createdAt).toISOString(), node.id]), node }));
  return {
    posts: {
      totalCount: row.total,
      pageInfo: { hasNextPage: nodes.length > 20, hasPreviousPage: false, endCursor: edges.at(-1)?.cursor ?? null },
      edges,
    },
  };
}

async function login(_auth: string | undefined, variables: { email: string; password: string }) {
  const { rows } = await pool.query({
    name: 'bench_login',
    text: `SELECT id, organization_id, email, password_hash, status FROM users WHERE email = lower($1)`,
    values: [variables.email],
  });
  const user = rows[0];
  const valid = user ? await argon2.verify(user.password_hash, variables.password).catch(() => false) : false;
  if (!user || !valid || user.status !== 'ACTIVE') throw new HttpError('UNAUTHENTICATED', 'Invalid email or password');
  await pool.query({ name: 'bench_login_seen', text: `UPDATE users SET last_login_at = now() WHERE id = $1`, values: [user.id] });
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + 12 * 3600;
  return { login: { accessToken: sign({ sub: user.id, org: user.organization_id, iat, exp }), expiresAt: new Date(exp * 1000), user: { id: user.id, email: user.email } } };
}

const ROUTES: Record<string, (auth: string | undefined, variables: never) => Promise<unknown>> = {
  '/console': consoleRead,
  '/posts': postsRead,
  '/login': login,
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const route = req.method === 'POST' ? ROUTES[req.url ?? ''] : undefined;
  if (!route) return send(res, 404, { errors: [{ message: 'Not found' }] });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const { variables } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    send(res, 200, { data: await route(req.headers.authorization, variables as never) });
  } catch (error) {
    const code = error instanceof HttpError ? error.code : 'INTERNAL_SERVER_ERROR';
    if (!(error instanceof HttpError)) console.error(error);
    send(res, 200, { errors: [{ message: (error as Error).message, extensions: { code } }] });
  }
}

const server = createServer((req, res) => void handle(req, res));
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`READY ${typeof address === 'object' && address ? address.port : ''}`);
});
const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
