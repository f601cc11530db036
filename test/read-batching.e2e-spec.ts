import { DataSource, QueryFailedError } from 'typeorm';
import { Db, inlineParameters, StatementCounter, TenantScopeError } from '../libs/database';
import { builders, TestApp, TestOrganization } from './support';

/**
 * The reads of a query travel in batches: one simple-protocol message per turn of the event
 * loop, in the tenant's row-level-security scope, with parameters written as literals.
 */
describe('batched reads', () => {
  let t: TestApp;
  let db: Db;
  let data: DataSource;
  let acme: TestOrganization;
  let globex: TestOrganization;

  beforeAll(async () => {
    t = await TestApp.start();
    db = t.app.get(Db);
    data = t.app.get(DataSource);
    acme = await t.createOrganization('Batching Acme');
    globex = await t.createOrganization('Batching Globex');
    for (const org of [acme, globex]) await builders(t, org.adminToken).brand('Own brand');
  }, 180_000);

  afterAll(() => t?.close(), 180_000);

  const nextTick = () => new Promise((resolve) => process.nextTick(resolve));

  /** Runs `work` the way a GraphQL query's resolvers run: in a request bound to `org`, read-only. */
  function inQuery<T>(org: TestOrganization | null, work: () => Promise<T>): Promise<T> {
    return db.runInRequest(async () => {
      if (org) db.enterTenant(org.id);
      db.readOnlyRequest();
      try {
        return await work();
      } finally {
        await db.endRequest(true);
      }
    });
  }

  describe('literals mean what the bound parameters mean', () => {
    const cases: [string, unknown][] = [
      ['text', "it's a \\ back'slash"],
      ['text', 'ünïcödé ✓ 😀'],
      ['text', ''],
      ['uuid[]', ['0b7f6a52-3f1e-4a4b-9d4c-2f1d1e6a7b01', '5c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f']],
      ['text[]', ['plain', 'with "quotes"', 'with \\ backslash', "with ' quote", 'with, comma', '{braces}', 'NULL']],
      ['timestamptz', new Date('2026-03-29T01:30:00.123Z')],
      ['jsonb', { nested: { list: [1, 'two', null], quote: "'\"" } }],
      ['boolean', false],
      ['int', 42],
      ['numeric', 1.5],
      ['bigint', '9007199254740993'],
      ['text', null],
    ];
    it.each(cases)('%s %j', async (type, value) => {
      const sql = `SELECT $1::${type} AS v, pg_typeof($1::${type})::text AS t, ($1::${type})::text AS shown`;
      const bound = await data.query(sql, [value]);
      const inlined = await data.query(inlineParameters(sql, [value]));
      expect(inlined).toEqual(bound);
    });

    it('an untyped placeholder is resolved from its context, as a bound one is', async () => {
      const sql = `SELECT count(*)::int AS n FROM brands WHERE organization_id = $1 AND name = ANY($2) AND depth <= $3`;
      const params = [acme.id, ['Own brand', 'Other'], 3];
      expect(await data.query(inlineParameters(sql, params))).toEqual(await data.query(sql, params));
    });
  });

  it('sends the reads asked for together in one round trip, in the tenant scope', async () => {
    StatementCounter.reset();
    const [who, brands, setting] = await inQuery(acme, () =>
      Promise.all([
        db.query<{ user: string }>(`SELECT current_user AS user`),
        db.query<{ name: string; organization_id: string }>(`SELECT name, organization_id FROM brands ORDER BY name`),
        db.query<{ org: string }>(`SELECT current_setting('parasol.organization_id') AS org`),
      ]),
    );
    expect(StatementCounter.roundTrips).toBe(1);
    expect(StatementCounter.total).toBe(4);
    expect(who).toEqual([{ user: 'parasol_app' }]);
    expect(setting).toEqual([{ org: acme.id }]);
    // Row-level security: no filter in the statement, and still only this tenant's brands.
    expect(brands).toEqual([{ name: 'Own brand', organization_id: acme.id }]);
    expect(new Set(brands.map((b) => b.organization_id))).toEqual(new Set([acme.id]));
  });

  it('reads asked for one after the other go in separate batches', async () => {
    StatementCounter.reset();
    await inQuery(acme, async () => {
      await db.query(`SELECT 1`);
      await db.query(`SELECT 2`);
    });
    expect(StatementCounter.roundTrips).toBe(2);
  });

  describe('how reads are grouped follows from the code, not from how fast the database answers', () => {
    /** `SELECT <n>` after `ms` of sleep. */
    const slow = (n: number, ms: number) => db.query<{ n: number }>(`SELECT pg_sleep($1::float8 / 1000) AS slept, $2::int AS n`, [ms, n]);
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

    // A is asked for, then B one turn of the event loop later, while A's batch is in flight;
    // each, once answered, asks for one more read. Were two batches in flight at once, the
    // reads that follow them would go in one batch or in two as their answers happen to
    // arrive in one turn of the event loop or in two: 3 or 4 round trips as the database
    // (or the machine) is fast or slow.
    it.each([
      ['A slower than B', 200, 0],
      ['B slower than A', 0, 200],
      ['A and B as fast', 0, 0],
      ['A and B as slow', 100, 100],
    ])('%s: A; then B with the read that follows A; then the read that follows B', async (_case, aMs, bMs) => {
      StatementCounter.reset();
      StatementCounter.recording = true;
      try {
        const answers = await inQuery(acme, async () => {
          const a = slow(1, aMs).then(() => db.query<{ n: number }>(`SELECT 3 AS n`));
          await nextTurn();
          await nextTurn();
          const b = slow(2, bMs).then(() => db.query<{ n: number }>(`SELECT 4 AS n`));
          return Promise.all([a, b]);
        });
        expect(answers).toEqual([[{ n: 3 }], [{ n: 4 }]]);
        expect(StatementCounter.roundTrips).toBe(3);
        // Each batch is the tenant scope and its reads: [A], [B, after A], [after B].
        expect(StatementCounter.total).toBe(7);
      } finally {
        StatementCounter.recording = false;
      }
    });
  });

  it('counts the statements of the requests made since the count began, and nothing else', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A request begun before the count (a test that timed out, a client that gave up) still sends.
    const before = inQuery(acme, async () => {
      await gate;
      await db.query(`SELECT 1`);
      await db.query(`SELECT 2`);
    });
    await nextTick();
    StatementCounter.reset();
    const counted = inQuery(acme, () => Promise.all([db.query(`SELECT 3`), db.query(`SELECT 4`)]));
    release();
    // Statements outside any API request (set-up, background work) are not a request's cost.
    await data.query(`SELECT 5`);
    await Promise.all([before, counted]);
    expect({ statements: StatementCounter.total, roundTrips: StatementCounter.roundTrips }).toEqual({ statements: 3, roundTrips: 1 });
  });

  it('leaves the pooled connection as it found it: the scope ends with the batch', async () => {
    await inQuery(globex, () => Promise.all([db.query(`SELECT 1`), db.query(`SELECT 2`)]));
    // Every pooled connection, as many times as there are connections.
    const checks = await Promise.all(
      Array.from({ length: 6 }, () => data.query(`SELECT current_user AS user, current_setting('parasol.organization_id', true) AS org`)),
    );
    for (const [row] of checks) expect(row.user).not.toBe('parasol_app');
    for (const [row] of checks) expect(row.org ?? '').toBe('');
  });

  it('gives each read its own answer when one of the batch fails', async () => {
    const outcomes = await inQuery(acme, () =>
      Promise.allSettled([
        db.query<{ a: number }>(`SELECT 1 AS a`),
        db.query(`SELECT 1 / 0`),
        db.query<{ id: string }>(`SELECT id FROM brands WHERE id = $1`, ['not-a-uuid']),
        db.query<{ b: number }>(`SELECT 2 AS b`),
      ]),
    );
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: [{ a: 1 }] });
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: expect.any(QueryFailedError) });
    expect((outcomes[1] as PromiseRejectedResult).reason.driverError.code).toBe('22012');
    expect((outcomes[2] as PromiseRejectedResult).reason.driverError.code).toBe('22P02');
    expect(outcomes[3]).toEqual({ status: 'fulfilled', value: [{ b: 2 }] });
  });

  it('refuses a parameter with a NUL character without sending the others astray', async () => {
    const outcomes = await inQuery(acme, () => Promise.allSettled([db.query(`SELECT $1::text AS v`, ['a\0b']), db.query(`SELECT $1::text AS v`, ['fine'])]));
    expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: { code: '22021' } });
    expect(outcomes[1]).toEqual({ status: 'fulfilled', value: [{ v: 'fine' }] });
  });

  describe('statements prepared once per session', () => {
    /** The statements prepared on the session a batch runs on by messages whose text contains `marker`, by parameter types. */
    const preparedWith = (marker: string) =>
      db.query<{ types: string; runs: number }>(
        `SELECT parameter_types::text AS types, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements WHERE name LIKE 'parasol\\_%' AND statement LIKE $1 ORDER BY 1`,
        [`%${marker}%`],
      );

    it('prepares a read the first time its session sees it and runs it with EXECUTE, giving the same rows as literals', async () => {
      const marker = `prepared-${Date.now()}`;
      const sql = `SELECT $1::text AS marker, count(*)::int AS brands FROM brands WHERE organization_id = $2`;
      const [rows, prepared] = await inQuery(acme, () => Promise.all([db.query(sql, [marker, acme.id]), preparedWith(marker)]));
      expect(rows).toEqual(await data.query(inlineParameters(sql, [marker, acme.id])));
      // In one message: both PREPAREs, then the EXECUTE of the read (run once), then that of the look-up (running).
      expect(prepared).toEqual([
        { types: '{text,uuid}', runs: 1 },
        { types: '{text}', runs: expect.any(Number) },
      ]);
      // Sent again (on whichever session): never a duplicate PREPARE, the same answer.
      for (let i = 0; i < 12; i++) expect(await inQuery(acme, () => db.query(sql, [marker, acme.id]))).toEqual(rows);
    });

    it('sends a statement PREPARE cannot type with literals, then and every time after', async () => {
      for (let i = 0; i < 3; i++) {
        const outcomes = await inQuery(acme, () => Promise.all([db.query<{ missing: boolean }>(`SELECT $1 IS NULL AS missing`, [null]), db.query(`SELECT 1 AS one`)]));
        expect(outcomes).toEqual([[{ missing: true }], [{ one: 1 }]]);
      }
    });

    it('recovers from a failed batch that prepared statements: nothing stays half-known', async () => {
      const sql = `SELECT $1::int + 1 AS next -- recovers ${Date.now()}`;
      const first = await inQuery(acme, () => Promise.allSettled([db.query(sql, [1]), db.query(`SELECT 1 / $1::int`, [0])]));
      expect(first[0]).toEqual({ status: 'fulfilled', value: [{ next: 2 }] });
      expect((first[1] as PromiseRejectedResult).reason.driverError.code).toBe('22012');
      for (let i = 0; i < 12; i++) expect(await inQuery(acme, () => db.query(sql, [i]))).toEqual([{ next: i + 1 }]);
    });

    it('prepares again on a session whose statements were deallocated behind its back', async () => {
      const sql = `SELECT $1::int * 2 AS twice -- drift ${Date.now()}`;
      // PREPARE refuses DEALLOCATE: from now on it goes as it is, and runs.
      await inQuery(acme, () => db.query(`DEALLOCATE ALL`));
      await inQuery(acme, () => db.query(sql, [1]));
      // In one message: EXECUTE, DEALLOCATE ALL, then the EXECUTE of a statement now gone (26000).
      const outcomes = await inQuery(acme, () => Promise.all([db.query(sql, [2]), db.query(`DEALLOCATE ALL`), db.query(sql, [3])]));
      expect([outcomes[0], outcomes[2]]).toEqual([[{ twice: 4 }], [{ twice: 6 }]]);
      expect(await inQuery(acme, () => db.query(sql, [4]))).toEqual([{ twice: 8 }]);
    });
  });

  it('fails closed without a tenant', async () => {
    await expect(inQuery(null, () => db.query(`SELECT 1`))).rejects.toBeInstanceOf(TenantScopeError);
  });

  it('a write in a query still runs in the request transaction, and commits with it', async () => {
    const name = `Written in a query ${Date.now()}`;
    await inQuery(acme, async () => {
      await db.query(`SELECT 1`);
      await db.transaction(async () => {
        await db.query(`UPDATE brands SET name = $1 WHERE organization_id = $2 AND name = 'Own brand'`, [name, acme.id]);
      });
      // Read back in the same transaction.
      expect(await db.query(`SELECT name FROM brands WHERE name = $1`, [name])).toHaveLength(1);
    });
    expect(await data.query(`SELECT name FROM brands WHERE organization_id = $1 AND name = $2`, [acme.id, name])).toHaveLength(1);
  });

  it('answers a GraphQL query through batches: one round trip per level of the answer', async () => {
    const build = builders(t, acme.adminToken);
    const id = await build.brand('Umbrella for batching');
    for (const name of ['One', 'Two', 'Three']) await build.brand(name, id);
    const level = `name path effectivePolicies { type } children(first: 10) { totalCount edges { node { name policies { type } profiles { totalCount } } } }`;

    // The brands list is read level by level (resolvers and DataLoaders).
    StatementCounter.reset();
    const listed = await t.ok(`{ brands(first: 50, filter: { rootsOnly: true }) { edges { node { id ${level} } } } }`, {}, acme.adminToken);
    expect(listed.brands.edges.find((e: { node: { id: string } }) => e.node.id === id).node.children.totalCount).toBe(3);
    // The brands (with the check of the caller, known from the mutations); their path, policies
    // and children; the children's policies and profiles.
    expect(StatementCounter.roundTrips).toBe(3);

    // A brand by id reads the whole tree in one statement (the brand console, src/brand-console), with the check of the caller.
    StatementCounter.reset();
    const answer = await t.ok(`query ($id: ID!) { brand(id: $id) { ${level} } }`, { id }, acme.adminToken);
    expect(answer.brand.children.totalCount).toBe(3);
    expect(StatementCounter.roundTrips).toBe(1);
  });
});
