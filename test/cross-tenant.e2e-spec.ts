import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import {
  argumentSlots, argumentsWith, callOperation, externalRefHolders, GraphQLResponse, idKind, IdKind, loadSchema, SchemaOperation, schemaOperations,
  TestApp, wideSelection,
} from './support';
import { ExternalRef, seedWorld, World } from './cross-tenant-world';

// Issue 13, adversarial suite (a): every query and mutation of the committed schema.gql that
// takes an id (an ID argument or ID field of its input, or a role key) or an external id
// (system + externalId) is called with ANOTHER organization's ids, by that organization's
// admin, by a member with no role and by an ORG_ADMIN API key. Each answer must hold nothing
// of the victim, and must be the very answer a random id gets (same code, same message once
// the id itself is replaced), and the victim's audit log and change feed must not move.
// A second pass does the same inside the victim's organization, as a brand manager and an
// integration key of another brand tree and a member with no role, with the victim's
// brand-scoped objects: out of sight must read exactly like nonexistent there too (finding
// 10a's class). Operations added later are covered by the same loops, without anyone listing
// them. CROSS_TENANT_VERBOSE=1 prints every case's answer. See docs/tenant-isolation-suite.md.

type Kind = IdKind | 'externalRef';
const KINDS: IdKind[] = ['brand', 'profile', 'post', 'user', 'apiKey', 'webhook', 'delivery', 'policy', 'assignment', 'workflow', 'approvalRequest', 'roleKey'];

/** A pass of the suite: who attacks with whose values, and what must not show in their answers. */
interface Pass {
  name: string;
  cases: Case[];
  secrets: string[];
}

const CREATE_API_KEY = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`;
const SET_REF = `mutation ($input: SetExternalRefInput!) { setExternalRef(input: $input) { entityId } }`;

/** What a principal of the attacking organization is called in the report, and its bearer token. */
interface Attacker {
  name: string;
  token: string;
}

/** One way of putting a victim's value into an operation's arguments. */
interface Target {
  slot: string;
  /** What the victim's value is: `brand`, `organization-wide apiKey`, `externalRef`... */
  kind: string;
  /** Where the values go in the arguments. */
  paths: string[][];
  /** The victim's values for the paths (made just before the call where `prepare` is given). */
  foreign: () => unknown[];
  /**
   * Values no organization has, for the same paths; `fresh` when the first call went through and
   * changed the caller's data (then nothing of that call may be reused).
   */
  random: (fresh: boolean) => unknown[];
  prepare?: () => Promise<void>;
  /** Fresh arguments (plausible values everywhere else) with these values at the paths. */
  build: (values: unknown[]) => Record<string, unknown>;
}

interface Case {
  op: SchemaOperation;
  target: Target;
  attacker: Attacker;
}

/** The strings among values (a list of one counts as its element). */
const strings = (values: unknown[]) => values.map((v) => (Array.isArray(v) ? v[0] : v) as string);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;

/** The answer with the value under test replaced, and the ids and times that differ from call to call. */
function normalize(body: GraphQLResponse, targets: string[], strings = false): unknown {
  return JSON.parse(JSON.stringify(body), (_key, value) => {
    if (typeof value !== 'string') return value;
    if (strings) return '<string>';
    let s = value;
    for (const target of targets) s = s.split(target).join('<target>');
    return s.replace(UUID, '<uuid>').replace(TIME, '<time>');
  });
}

/** Sets `value` at `path` in `args`, making objects on the way; a list on the way is a list of one (its first element). */
function setAt(args: Record<string, unknown>, path: string[], value: unknown): void {
  let holder = args;
  for (const name of path.slice(0, -1)) {
    const next = (holder[name] ??= {}) as Record<string, unknown> | Record<string, unknown>[];
    holder = Array.isArray(next) ? next[0] : next;
  }
  holder[path[path.length - 1]] = value;
}

/** The kinds of object an ID (or role-key) slot may name; those it could be any of are tried with every kind. */
function kindsOf(path: string[], operation: string, leaf: string): IdKind[] {
  const name = path[path.length - 1];
  if (leaf !== 'ID') return ['roleKey'];
  if (name === 'principalId' || name === 'actorId') return ['user', 'apiKey'];
  if (name === 'entityId') return ['brand', 'profile', 'post', 'user'];
  if (operation === 'deleteWebhookEndpoint') return ['webhook'];
  const kind = idKind(path, operation);
  return kind ? [kind] : KINDS.filter((k) => k !== 'roleKey');
}

/** Arguments a caller would give alongside the one under test, so the call reaches the id check. */
function complete(op: SchemaOperation, slot: string, kind: Kind, args: Record<string, unknown>, own: World): void {
  const input = args.input as Record<string, unknown> | undefined;
  if (op.name === 'setExternalRef' && slot === 'input.entityId') {
    input!.entityType = { brand: 'BRAND', profile: 'SOCIAL_PROFILE', post: 'POST', user: 'USER' }[kind as string] ?? 'BRAND';
  }
  if (op.name === 'upsertSocialProfileByExternalRef' && !slot.startsWith('input.brand')) input!.brandId = own.ids.brand;
  if (op.name === 'createPost' && slot === 'input.brandId') input!.profileIds = [own.ids.profile];
  if (op.name === 'createPost' && slot === 'input.profileIds') input!.brandId = own.ids.brand;
  if (op.name === 'setPolicy' && slot === 'input.config.approvalRequired.workflowId') {
    input!.type = 'APPROVAL_REQUIRED';
    Object.assign((input!.config as Record<string, Record<string, unknown>>).approvalRequired, { always: true });
  }
  if (op.name === 'setPolicy' && slot.startsWith('input.config.approvalRequired.replies.')) {
    input!.type = 'APPROVAL_REQUIRED';
    const approvalRequired = (input!.config as Record<string, { workflowId: string; replies: Record<string, unknown> }>).approvalRequired;
    approvalRequired.workflowId = own.ids.workflow;
    if (slot.endsWith('.workflowId')) approvalRequired.replies.always = true;
  }
  if (op.name === 'setPolicy' && slot === 'input.brandId') input!.config = { bannedTerms: { terms: ['nope'] } };
  if (op.name === 'setPolicy' && slot === 'input.brandId') input!.type = 'BANNED_TERMS';
}

jest.setTimeout(180_000);

describe('cross-tenant: every id-taking operation, called with another organization\'s ids', () => {
  let t: TestApp;
  let sql: DataSource;
  let receiver: Server;
  let receiverUrl: string;
  let victim: World;
  let attacking: World;
  let crossTenant: Pass;
  let inOrganization: Pass;

  beforeAll(async () => {
    t = await TestApp.start();
    sql = t.app.get(DataSource);
    receiver = createServer((_req, res) => res.writeHead(204).end());
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    victim = await seedWorld(t, receiverUrl, 'vctm');
    attacking = await seedWorld(t, receiverUrl, 'atck');
    const nobody = await t.createMember(attacking.org, 'nobody');
    const key = (await t.ok(CREATE_API_KEY, { input: { name: 'attacking admin key', roleKey: 'ORG_ADMIN' } }, attacking.org.adminToken)).createApiKey.secret;
    crossTenant = {
      name: 'cross-tenant',
      cases: generate(attacking, [
        { name: 'org admin', token: attacking.org.adminToken },
        { name: 'member with no role', token: nobody.token },
        { name: 'ORG_ADMIN API key', token: key },
      ]),
      secrets: [victim.label, victim.org.slug, ...victim.secretIds],
    };
    // The same organization: a brand manager of another tree ("island") and an integration key
    // on it, for whom the victim's brands and everything on them do not exist (finding 10a's class).
    const island = await seedWorld(t, receiverUrl, 'isle', victim.org);
    const islandRoot = (await t.ok(`query ($id: ID!) { brand(id: $id) { ancestors { id } } }`, { id: island.ids.brand }, victim.org.adminToken)).brand.ancestors[0].id;
    const manager = await t.createMember(victim.org, 'island-manager', [{ roleKey: 'BRAND_MANAGER', brandId: islandRoot }]);
    const bystander = await t.createMember(victim.org, 'bystander');
    const islandKey = (await t.ok(CREATE_API_KEY, { input: { name: 'island key', roleKey: 'INTEGRATION', brandId: islandRoot } }, victim.org.adminToken)).createApiKey.secret;
    inOrganization = {
      name: 'same organization, out of sight',
      cases: generate(island, [
        { name: 'brand manager of another tree', token: manager.token },
        { name: 'INTEGRATION API key on another tree', token: islandKey },
        { name: 'member with no role', token: bystander.token },
      ], true),
      secrets: victim.outOfSight,
    };
  }, 180_000);

  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
    await t?.close();
  }, 180_000);

  /**
   * Every (operation, slot, kind of victim object, attacker) of the committed schema; `own` fills
   * the other id slots. In the victim's own organization (`sameOrganization`), the objects every
   * member may read (workflows, roles) are left out, and so are the external ids the caller
   * names rather than looks up (an organization's external ids are one namespace).
   */
  function generate(ownWorld: World, attackers: Attacker[], sameOrganization = false): Case[] {
    const cases: Case[] = [];
    const schema = loadSchema();
    const own = ownWorld.ids;
    const entityTypes = { brand: 'BRAND', profile: 'SOCIAL_PROFILE', post: 'POST', user: 'USER' } as Record<string, string>;
    for (const op of schemaOperations(schema)) {
      const targets: Target[] = [];
      const slots = argumentSlots(op.field, 4);
      for (const slot of slots) {
        const name = slot.path[slot.path.length - 1];
        // A role key is looked up like an id by the operations on roles (and reply approvals' authorRoles); createRole names a new one.
        const isRoleKey = slot.leaf.name === 'String' && (name === 'roleKey' || name === 'authorRoles' || (name === 'key' && /^(update|delete)Role$/.test(op.name)));
        if (slot.leaf.name !== 'ID' && !isRoleKey) continue;
        const slotName = slot.path.join('.');
        for (const kind of kindsOf(slot.path, op.name, slot.leaf.name)) {
          if (sameOrganization && (kind === 'workflow' || kind === 'roleKey')) continue;
          const wrap = (v: string) => (slot.list ? [v] : v);
          const values = [
            { id: victim.ids[kind], what: kind },
            ...victim.variants.filter((v) => v.kind === kind && !(sameOrganization && v.organizationLevel)),
          ];
          for (const { id, what } of values) targets.push({
            slot: slotName,
            kind: what,
            paths: [slot.path],
            foreign: () => [wrap(id)],
            random: () => [wrap(kind === 'roleKey' ? `R${randomBytes(6).toString('hex').toUpperCase()}` : randomUUID())],
            build: ([value]) => {
              const args = argumentsWith(op, slot, strings([value])[0], own);
              complete(op, slotName, kind, args, ownWorld);
              return args;
            },
          });
        }
      }
      for (const holder of externalRefHolders(op.field)) {
        const slot = slots.find((s) => s.path.join('.') === [...holder, 'externalId'].join('.'));
        if (!slot) throw new Error(`${op.name}: no externalId slot under ${holder.join('.')}`);
        // What the external id names: a brand, except the upserted profile itself; setExternalRef names any entity.
        const named = op.name === 'upsertSocialProfileByExternalRef' && holder.join('.') === 'input' ? 'profile' : 'brand';
        const kinds: (keyof World['refs'])[] = op.name === 'setExternalRef' ? ['brand', 'profile', 'post', 'user'] : [named];
        if (sameOrganization && (op.name === 'setExternalRef' || holder.join('.') === 'input')) continue;
        for (const kind of kinds) {
          // External ids are each organization's own namespace: a call that goes through binds the
          // victim's external id in the caller's organization (setExternalRef, an upsert creating).
          // So every case gets an external id of its own, in a system of its own, named on the
          // victim's entity just before the case, and the random call uses the same system.
          let ref: ExternalRef;
          targets.push({
            slot: `${holder.join('.') || '(arguments)'}.{system, externalId} (${kind})`,
            kind: 'externalRef',
            paths: [[...holder, 'system'], [...holder, 'externalId']],
            prepare: async () => {
              ref = { system: `crm${randomBytes(4).toString('hex')}`, externalId: `ext-${randomBytes(4).toString('hex')}` };
              await t.ok(SET_REF, { input: { entityType: entityTypes[kind], entityId: victim.ids[kind], ...ref } }, victim.org.adminToken);
            },
            foreign: () => [ref.system, ref.externalId],
            random: (fresh) => [fresh ? `crm${randomBytes(4).toString('hex')}` : ref.system, `ext-${randomBytes(4).toString('hex')}`],
            build: ([system, externalId]) => {
              const args = argumentsWith(op, slot, externalId, own);
              setAt(args, [...holder, 'system'], system);
              complete(op, `${holder.join('.')}.ref`, kind, args, ownWorld);
              // setExternalRef names one of the caller's own entities with the victim's external id.
              if (op.name === 'setExternalRef') Object.assign(args.input as object, { entityType: entityTypes[kind], entityId: own[kind] });
              return args;
            },
          });
        }
      }
      for (const target of targets) for (const attacker of attackers) cases.push({ op, target, attacker });
    }
    return cases;
  }

  const victimWrites = async (): Promise<number> => {
    const [{ n }] = await sql.query(
      `SELECT (SELECT count(*) FROM audit_events WHERE organization_id = $1) + (SELECT count(*) FROM outbox_events WHERE organization_id = $1) AS n`,
      [victim.org.id],
    );
    return Number(n);
  };

  /** The victim's secrets found in an answer, once the values the caller sent are taken out. */
  const leaksIn = (body: GraphQLResponse, sent: string[], secrets: string[]): string[] => {
    let text = JSON.stringify(body);
    for (const value of sent) text = text.split(value).join('<sent>');
    return secrets.filter((secret) => text.toLowerCase().includes(secret.toLowerCase()));
  };

  it('generates cases for every id-taking operation of the schema', () => {
    const operations = new Set(crossTenant.cases.map((c) => c.op.name));
    // The contract's by-id operations are all there (a broken generator would find none).
    for (const name of ['brand', 'post', 'brandByExternalRef', 'explainPermission', 'moveBrand', 'decideApproval', 'revokeApiKey', 'setExternalRef', 'upsertBrandByExternalRef']) {
      expect(operations).toContain(name);
    }
    expect(crossTenant.cases.length).toBeGreaterThan(150);
    expect(inOrganization.cases.length).toBeGreaterThan(100);
  });

  it("answers another organization's ids exactly as random ones, with nothing of the victim, and changes nothing of the victim", async () => {
    expect(await run(crossTenant)).toEqual([]);
  }, 600_000);

  it('answers ids of the same organization out of the caller\'s sight exactly as random ones, with nothing of them', async () => {
    expect(await run(inOrganization)).toEqual([]);
  }, 600_000);

  /** Runs a pass, prints its one-line report, and returns its failures. */
  async function run({ name: passName, cases, secrets }: Pass): Promise<string[]> {
    const failures: string[] = [];
    let leaks = 0;
    let differing = 0;
    let changed = 0;
    const answers = new Map<string, number>();
    for (const c of cases) {
      const { op, target, attacker } = c;
      const selection = wideSelection(op.field.type);
      const call = (args: Record<string, unknown>) => {
        const { query, variables } = callOperation(op, args, { selection });
        return t.gql(query, variables, attacker.token);
      };
      const name = `${op.name}(${target.slot} = the victim's ${target.kind}) as ${attacker.name}`;
      await target.prepare?.();
      const foreignValues = target.foreign();
      const writes = await victimWrites();
      const foreignArgs = target.build(foreignValues);
      const foreign = await call(foreignArgs);
      if ((await victimWrites()) !== writes) {
        changed += 1;
        failures.push(`CHANGED THE VICTIM ${name}`);
      }
      // The same call with a random value in place of the victim's. A mutation that went through
      // (an upsert by an external id, which is the caller's own namespace) changed the caller's
      // data, so the random call then gets fresh values and the answers are compared by shape.
      const succeeded = op.kind === 'mutation' && foreign.data != null;
      const randomValues = target.random(succeeded);
      let randomArgs: Record<string, unknown>;
      if (succeeded) randomArgs = target.build(randomValues);
      else {
        randomArgs = structuredClone(foreignArgs);
        target.paths.forEach((path, i) => setAt(randomArgs, path, randomValues[i]));
      }
      const unknown = await call(randomArgs);

      const answer = foreign.errors?.length ? foreign.errors[0].extensions.code : 'data';
      answers.set(answer, (answers.get(answer) ?? 0) + 1);
      if (process.env.CROSS_TENANT_VERBOSE) process.stdout.write(`${name}: ${answer} ${foreign.errors?.[0]?.message ?? ''}\n`);
      const found = leaksIn(foreign, strings(foreignValues), secrets);
      if (found.length) {
        leaks += 1;
        failures.push(`LEAK ${name}: ${found.join(', ')} in ${JSON.stringify(foreign).slice(0, 600)}`);
      }
      const a = normalize(foreign, strings(foreignValues), succeeded);
      const b = normalize(unknown, strings(randomValues), succeeded);
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        differing += 1;
        failures.push(`DIFFERS ${name}:\n  victim's: ${JSON.stringify(a).slice(0, 600)}\n  random:   ${JSON.stringify(b).slice(0, 600)}`);
      }
      if (!foreign.errors?.length && foreign.data == null) failures.push(`NO ANSWER ${name}: ${JSON.stringify(foreign)}`);
    }
    // The report the issue asks for, printed once.
    const byAttacker = new Map<string, number>();
    for (const c of cases) byAttacker.set(c.attacker.name, (byAttacker.get(c.attacker.name) ?? 0) + 1);
    process.stdout.write(
      `${passName}: ${cases.length} cases over ${new Set(cases.map((c) => c.op.name)).size} operations ` +
        `(${[...byAttacker].map(([n, k]) => `${k} as ${n}`).join(', ')}), ${leaks} leaks, ${differing} differing answers, ${changed} victim changes; answers: ${[...answers].map(([code, n]) => `${n} ${code}`).join(', ')}\n`,
    );
    return failures;
  }
});
