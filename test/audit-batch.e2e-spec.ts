import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RequestContext } from '../libs/core';
import { Db, StatementCounter } from '../libs/database';
import { DomainEvent } from '../libs/events';
import { EventPublisher } from '../src/audit/event-publisher';
import { OrganizationsService } from '../src/organizations/organizations.service';
import { BOOT_TIMEOUT_MS, TestApp, TestOrganization } from './support';

// EventPublisher.publishMany (docs/architecture.md, events and audit): a batch of events is
// appended with the same chain as one-by-one appends, for the same statements whatever its size.

/** A test-only audited event; the catalogue (src/events.ts) never sees it. */
class WidgetReceived extends DomainEvent<{ id: string; n: number }> {
  static readonly type = 'widget.received';
  static readonly entityType = 'Widget';

  record() {
    return { entityId: this.payload.id, brandId: null, after: this.payload };
  }
}

/** A test-only event for in-process listeners only. */
class WidgetSeen extends DomainEvent<{ id: string }> {
  static readonly type = 'widget.seen';
  static readonly entityType = 'Widget';
  static override readonly audited = false;

  record() {
    return { entityId: this.payload.id, brandId: null };
  }
}

const VERIFY = `{ verifyAuditChain { ok checked firstBreak { seq eventId reason } } }`;
const CHANGES = `query ($after: String) { changes(first: 500, after: $after, types: ["widget.received"]) { events { seq action entityId after } cursor hasMore } }`;

const widgets = (n: number) => Array.from({ length: n }, (_, i) => new WidgetReceived({ id: randomUUID(), n: i }));

describe('publishing a batch of events', () => {
  let t: TestApp;
  let sql: DataSource;
  let db: Db;
  let publisher: EventPublisher;
  let org: TestOrganization;
  let ctx: () => RequestContext;
  const heard: string[] = [];

  beforeAll(async () => {
    t = await TestApp.start();
    sql = t.app.get(DataSource);
    db = t.app.get(Db);
    publisher = t.app.get(EventPublisher);
    publisher.listen(WidgetReceived, (event) => heard.push(event.payload.id));
    publisher.listen(WidgetSeen, (event) => heard.push(`seen ${event.payload.id}`));
    org = await t.createOrganization('Audit Batch');
    const principal = await t.app.get(OrganizationsService).addUser(
      org.id,
      { email: `operator-${randomUUID().slice(0, 8)}@${org.slug}.example`, displayName: 'Operator', password: 'correct horse battery staple' },
      [{ roleKey: 'ORG_ADMIN', brandId: null }],
    );
    ctx = () => new RequestContext(principal);
  }, BOOT_TIMEOUT_MS);
  afterAll(() => t?.close(), BOOT_TIMEOUT_MS);

  /** Runs `work` in a request-scoped transaction like a mutation's, committed unless `fail`; returns the statements the request sent. */
  async function inRequest(work: () => Promise<void>, fail = false): Promise<number> {
    StatementCounter.reset();
    await db.runInRequest(async () => {
      db.enterTenant(org.id);
      try {
        await db.transaction(async () => {
          await work();
          if (fail) throw new Error('injected');
        });
      } catch (error) {
        if ((error as Error).message !== 'injected') throw error;
      }
      await db.endRequest(true);
    });
    return StatementCounter.total;
  }

  const counts = async () =>
    (
      await sql.query(
        `SELECT (SELECT count(*)::int FROM audit_events WHERE organization_id = $1) AS audit, (SELECT count(*)::int FROM outbox_events WHERE organization_id = $1) AS outbox`,
        [org.id],
      )
    )[0] as { audit: number; outbox: number };

  it('chains 500 events between single publishes as if each had been published alone, and the outbox and change feed carry all of them in order', async () => {
    const before = await counts();
    const batch = widgets(500);
    const first = new WidgetReceived({ id: randomUUID(), n: -1 });
    const last = new WidgetReceived({ id: randomUUID(), n: 500 });
    heard.length = 0;
    await inRequest(() => publisher.publish(ctx(), first));
    await inRequest(async () => {
      await publisher.publishMany(ctx(), [...batch.slice(0, 250), new WidgetSeen({ id: 'mid' }), ...batch.slice(250)]);
    });
    await inRequest(() => publisher.publish(ctx(), last));
    const all = [first, ...batch, last];
    expect(heard).toEqual([first.payload.id, ...batch.slice(0, 250).map((e) => e.payload.id), 'seen mid', ...batch.slice(250).map((e) => e.payload.id), last.payload.id]);
    expect(await counts()).toEqual({ audit: before.audit + 502, outbox: before.outbox + 502 });

    expect((await t.ok(VERIFY, {}, org.adminToken)).verifyAuditChain).toEqual({ ok: true, checked: before.audit + 502, firstBreak: null });

    // Audit rows: consecutive seq in publishing order, each linked to the hash before it.
    const rows = await sql.query(
      `SELECT e.seq::text AS seq, e.entity_id, e.prev_hash, e.hash, o.type, o.payload FROM audit_events e JOIN outbox_events o ON o.audit_event_id = e.id
        WHERE e.organization_id = $1 AND e.action = 'widget.received' ORDER BY e.seq`,
      [org.id],
    );
    const mine = rows.slice(-502);
    expect(mine.map((r: any) => r.entity_id)).toEqual(all.map((e) => e.payload.id));
    const firstSeq = BigInt(mine[0].seq);
    expect(mine.map((r: any) => r.seq)).toEqual(mine.map((_: unknown, i: number) => String(firstSeq + BigInt(i))));
    mine.slice(1).forEach((r: any, i: number) => expect(r.prev_hash).toBe(mine[i].hash));
    // Outbox rows: one per event, its payload as a single publish writes it.
    mine.forEach((r: any, i: number) =>
      expect(r.payload).toEqual({
        type: 'widget.received', entityType: 'Widget', entityId: all[i].payload.id, brandId: null, seq: r.seq,
        occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), changes: { before: null, after: all[i].payload },
      }),
    );

    // The change feed pages through all 502 in seq order.
    const fed: any[] = [];
    let after: string | null = null;
    for (;;) {
      const { changes }: { changes: { events: any[]; cursor: string; hasMore: boolean } } = await t.ok(CHANGES, { after }, org.adminToken);
      fed.push(...changes.events);
      after = changes.cursor;
      if (!changes.hasMore) break;
    }
    const fedMine = fed.slice(-502);
    expect(fedMine.map((e) => e.entityId)).toEqual(all.map((e) => e.payload.id));
    expect(fedMine.map((e) => e.seq)).toEqual(mine.map((r: any) => r.seq));
    expect(fedMine[250].after).toEqual(batch[249].payload);
  });

  it('costs the same statements for 10 events as for 500, and none for an empty list', async () => {
    const ten = await inRequest(() => publisher.publishMany(ctx(), widgets(10)));
    const fiveHundred = await inRequest(() => publisher.publishMany(ctx(), widgets(500)));
    const one = await inRequest(() => publisher.publish(ctx(), widgets(1)[0]));
    const none = await inRequest(() => publisher.publishMany(ctx(), []));
    // Each is the request's own statements (BEGIN, tenant scope, savepoint, release, COMMIT) and the lock, the head and one insert.
    expect({ ten, fiveHundred, one }).toEqual({ ten: fiveHundred, fiveHundred, one: fiveHundred });
    // The request's own statements only: no lock, no read of the head, no insert.
    expect(none).toBe(fiveHundred - 3);
    expect((await t.ok(VERIFY, {}, org.adminToken)).verifyAuditChain).toMatchObject({ ok: true, firstBreak: null });
  });

  it('leaves neither audit nor outbox rows, and tells no listener, when the transaction rolls back after a publishMany', async () => {
    const before = await counts();
    heard.length = 0;
    await inRequest(() => publisher.publishMany(ctx(), [...widgets(500), new WidgetSeen({ id: 'rolled back' })]), true);
    expect(await counts()).toEqual(before);
    expect(heard).toEqual([]);
    expect((await t.ok(VERIFY, {}, org.adminToken)).verifyAuditChain).toEqual({ ok: true, checked: before.audit, firstBreak: null });
  });

  it('measures publishMany of 500 events against 500 publish calls (printed, not asserted)', async () => {
    const time = async (work: () => Promise<void>) => {
      const start = process.hrtime.bigint();
      await inRequest(work);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const timings: string[] = [];
    for (let round = 1; round <= 3; round++) {
      const batch = await time(() => publisher.publishMany(ctx(), widgets(500)));
      const single = await time(async () => {
        for (const event of widgets(500)) await publisher.publish(ctx(), event);
      });
      timings.push(`  round ${round}: publishMany(500) ${batch.toFixed(1)} ms (${Math.round(500_000 / batch)} events/s); 500 x publish ${single.toFixed(1)} ms (${Math.round(500_000 / single)} events/s)`);
    }
    console.log(`publishing 500 audited events in one request transaction\n${timings.join('\n')}`);
    expect((await t.ok(VERIFY, {}, org.adminToken)).verifyAuditChain).toMatchObject({ ok: true, firstBreak: null });
  });
});
