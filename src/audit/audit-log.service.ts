import { Injectable } from '@nestjs/common';
import { BadUserInputError, Connection, decodeCursor, encodeCursor, NotFoundError, RequestContext } from '../../libs/core';
import { Permission, PermissionReach, AccessService, brandSubtreeIds } from '../../libs/auth';
import { Db, keysetPage, escapeLike } from '../../libs/database';
import { chainHash, GENESIS_HASH } from './audit-chain';
import { AuditChainVerification, AuditEvent, AuditExportPage, ChangeFeedPage } from './audit.types';
import { AuditEventsArgs, AuditExportArgs, ChangesArgs } from './dto/audit.inputs';

interface EventRow {
  id: string;
  seq: string;
  occurred_at: Date;
  actor_type: string;
  actor_id: string;
  action: string;
  entity_type: string;
  entity_id: string;
  brand_id: string | null;
  changes: { before: Record<string, unknown> | null; after: Record<string, unknown> | null };
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

const EVENT_COLUMNS = 'e.id, e.seq, e.occurred_at, e.actor_type, e.actor_id, e.action, e.entity_type, e.entity_id, e.brand_id, e.changes, e.request_id, e.prev_hash, e.hash';

const toEvent = (r: EventRow): AuditEvent => ({
  id: r.id,
  seq: String(r.seq),
  occurredAt: r.occurred_at,
  actorType: r.actor_type,
  actorId: r.actor_id,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  brandId: r.brand_id,
  before: r.changes?.before ?? null,
  after: r.changes?.after ?? null,
  requestId: r.request_id,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** Events in reach: org-wide reach sees all; a brand-scoped one, its brands' subtrees (not organization-level events). */
const IN_REACH = (p: { org: number; orgWide: number; roots: number }) =>
  `($${p.orgWide}::boolean OR e.brand_id = ANY(${brandSubtreeIds(`$${p.org}`, `$${p.roots}::uuid[]`)}))`;
const reachParams = (reach: PermissionReach) => [reach.orgWide, reach.orgWide ? [] : reach.brandIds];

const seqCursor = (cursor: string | null | undefined, field = 'after'): string => {
  if (!cursor) return '0';
  const [seq] = decodeCursor(cursor, 1, field);
  if (typeof seq !== 'string' || !/^\d{1,19}$/.test(seq)) throw BadUserInputError.field(field, 'is not a valid cursor');
  return seq;
};

/** Reading the audit log: browsing, verifying its hash chain, exporting it, and the change feed. */
@Injectable()
export class AuditLogService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
  ) {}

  /** Needs audit:read; brand-scoped readers see their subtrees' events. Newest first. */
  async list(ctx: RequestContext, args: AuditEventsArgs): Promise<Connection<AuditEvent>> {
    const f = args.filter ?? {};
    // Without audit:read anywhere the guard answers FORBIDDEN (@Allow): the log is never merely empty.
    const [orgWide, roots] = reachParams(this.access.reach(ctx, Permission.AUDIT_READ));
    return keysetPage(this.db, {
      matching: `SELECT ${EVENT_COLUMNS} FROM audit_events e
          WHERE e.organization_id = $1 AND ${IN_REACH({ org: 1, orgWide: 2, roots: 3 })}
            AND ($4::uuid IS NULL OR e.entity_id = $4) AND ($5::text IS NULL OR e.entity_type = $5)
            AND ($6::uuid IS NULL OR e.actor_id = $6) AND ($7::text IS NULL OR e.action = $7)
            AND ($8::uuid IS NULL OR e.brand_id = ANY(${brandSubtreeIds('$1', 'ARRAY[$8::uuid]', { descend: '$9::boolean' })}))
            AND ($10::timestamptz IS NULL OR e.occurred_at >= $10) AND ($11::timestamptz IS NULL OR e.occurred_at < $11)`,
      params: [
        ctx.organizationId, orgWide, roots, f.entityId ?? null, f.entityType ?? null, f.actorId ?? null, f.action ?? null, f.brandId ?? null,
        f.includeSubtree ?? true, f.from ?? null, f.to ?? null,
      ],
      order: [{ column: 'seq', kind: 'bigint' }],
      direction: 'desc',
      map: toEvent,
    }, args);
  }

  /**
   * An event by its id, for `node(id)`, where `auditEvents` lists it: audit:read org-wide, or on
   * the event's brand (an event of no brand needs it org-wide); NOT_FOUND otherwise. Loader
   * `audit.events.byId`, so `nodes` reads many in one statement.
   */
  async find(ctx: RequestContext, id: string): Promise<AuditEvent> {
    const row = await ctx
      .loader<string, (EventRow & { brand_ancestor_ids: string[] | null }) | null>('audit.events.byId', async (ids) => {
        const rows = await this.db.query<EventRow & { brand_ancestor_ids: string[] | null }>(
          `SELECT ${EVENT_COLUMNS}, b.ancestor_ids AS brand_ancestor_ids FROM audit_events e
             LEFT JOIN brands b ON b.organization_id = e.organization_id AND b.id = e.brand_id
            WHERE e.organization_id = $1 AND e.id = ANY($2::uuid[])`,
          [ctx.organizationId, ids],
        );
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((i) => byId.get(i) ?? null);
      })
      .load(id);
    const scope = row?.brand_id ? { id: row.brand_id, ancestorIds: row.brand_ancestor_ids ?? [] } : null;
    if (!row || !this.access.can(ctx, Permission.AUDIT_READ, scope)) throw new NotFoundError('AuditEvent', id, 'id');
    return toEvent(row);
  }

  /**
   * Recomputes every hash of the organization's chain, oldest first, and names the first event
   * whose content or link to its predecessor does not match (needs audit:read org-wide).
   */
  async verify(ctx: RequestContext): Promise<AuditChainVerification> {
    this.access.assert(ctx, Permission.AUDIT_READ, null);
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1n;
    let checked = 0;
    for (;;) {
      const rows = await this.db.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM audit_events e WHERE e.organization_id = $1 AND e.seq >= $2 ORDER BY e.seq LIMIT 2000`,
        [ctx.organizationId, String(expectedSeq)],
      );
      for (const row of rows) {
        const broken = (reason: string) => ({ ok: false, checked, firstBreak: { seq: String(row.seq), eventId: row.id, reason } });
        if (BigInt(row.seq) !== expectedSeq) return broken(`event ${expectedSeq} is missing`);
        if (row.prev_hash !== prevHash) return broken('its link to the previous event does not match');
        const content = {
          seq: String(row.seq), occurredAt: row.occurred_at.toISOString(), actorType: row.actor_type, actorId: row.actor_id, action: row.action,
          entityType: row.entity_type, entityId: row.entity_id, brandId: row.brand_id, changes: row.changes, requestId: row.request_id,
        };
        if (chainHash(content, row.prev_hash) !== row.hash) return broken('its content does not match its hash');
        prevHash = row.hash;
        expectedSeq += 1n;
        checked += 1;
      }
      if (rows.length < 2000) return { ok: true, checked, firstBreak: null };
    }
  }

  /**
   * The change feed: events after the cursor in commit order. Appends hold the organization's
   * audit lock until they commit, so seq numbers become visible in order and a reader that
   * pages to the end and comes back later misses nothing and sees nothing twice.
   */
  async changes(ctx: RequestContext, args: ChangesArgs): Promise<ChangeFeedPage> {
    const [orgWide, roots] = reachParams(this.access.reach(ctx, Permission.BRAND_READ));
    const after = seqCursor(args.after);
    const first = args.first ?? 100;
    const exact = (args.types ?? []).filter((t) => !t.endsWith('.*'));
    const prefixes = (args.types ?? []).filter((t) => t.endsWith('.*')).map((t) => t.slice(0, -1));
    // `head`, the organization's last seq, is read in the same snapshot as the page.
    const rows = await this.db.query<EventRow & { head: string }>(
      `SELECT h.head, m.* FROM (SELECT coalesce(max(seq), 0)::text AS head FROM audit_events WHERE organization_id = $1) h
         LEFT JOIN LATERAL (
           SELECT ${EVENT_COLUMNS} FROM audit_events e
            WHERE e.organization_id = $1 AND e.seq > $4::bigint AND ${IN_REACH({ org: 1, orgWide: 2, roots: 3 })}
              AND ($5::boolean OR e.action = ANY($6::text[]) OR e.action LIKE ANY($7::text[]))
            ORDER BY e.seq LIMIT $8
         ) m ON true`,
      [ctx.organizationId, orgWide, roots, after, !args.types?.length, exact, prefixes.map((p) => `${escapeLike(p)}%`), first + 1],
    );
    const found = rows.filter((r) => r.id);
    const page = found.slice(0, first);
    const hasMore = found.length > first;
    // The cursor moves past what this page returned; at the end of the feed, past everything
    // scanned (events of other types or out of reach), so the next read starts at the head.
    const head = BigInt(rows[0]?.head ?? '0');
    const last = hasMore ? BigInt(page[page.length - 1].seq) : head > BigInt(after) ? head : BigInt(after);
    return { events: page.map(toEvent), cursor: encodeCursor([String(last)]), hasMore };
  }

  /** A page of the log between two times as JSON Lines (oldest first), for archiving and SIEMs. */
  async export(ctx: RequestContext, args: AuditExportArgs): Promise<AuditExportPage> {
    if (args.to <= args.from) throw BadUserInputError.field('to', 'must be after from');
    const [orgWide, roots] = reachParams(this.access.reach(ctx, Permission.AUDIT_READ));
    const after = seqCursor(args.after);
    const first = args.first ?? 1000;
    const rows = await this.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM audit_events e
        WHERE e.organization_id = $1 AND ${IN_REACH({ org: 1, orgWide: 2, roots: 3 })} AND e.seq > $4::bigint AND e.occurred_at >= $5 AND e.occurred_at < $6
        ORDER BY e.seq LIMIT $7`,
      [ctx.organizationId, orgWide, roots, after, args.from, args.to, first + 1],
    );
    const page = rows.slice(0, first).map(toEvent);
    return {
      jsonl: page.map((e) => JSON.stringify(e)).join('\n') + (page.length ? '\n' : ''),
      count: page.length,
      cursor: encodeCursor([page.length ? page[page.length - 1].seq : after]),
      hasMore: rows.length > first,
    };
  }
}
