import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../libs/core';
import { Db } from '../../libs/database';
import { DomainEvent } from '../../libs/events';
import { chainHash, ChainedContent, diff, GENESIS_HASH } from './audit-chain';

/** One audit row as the inserts take it: the chained content and its links. */
interface ChainedRow extends ChainedContent {
  prevHash: string;
  hash: string;
}

/**
 * Writes the audit event and the outbox event of a change, in the change's own transaction:
 * if it rolls back, neither exists. Appends take the organization's audit lock until commit,
 * so `seq` follows commit order and every event can chain to the one before it.
 * Only EventPublisher calls this: features publish events, they do not write the log.
 */
@Injectable()
export class AuditService {
  constructor(private readonly db: Db) {}

  /**
   * Appends one event. Its own single-row insert rather than appendMany of one: same
   * statements, but ~20% less time per event in an interleaved measurement (the batch
   * statement costs more to plan).
   */
  async append(ctx: RequestContext, event: DomainEvent): Promise<void> {
    await this.write(ctx, [event], ([row]) =>
      this.db.query(INSERT_EVENT, [
        ctx.organizationId, row.seq, row.occurredAt, row.actorType, row.actorId, row.action, row.entityType, row.entityId,
        row.brandId, row.changes, row.requestId, row.prevHash, row.hash,
        { type: row.action, entityType: row.entityType, entityId: row.entityId, brandId: row.brandId, seq: row.seq, occurredAt: row.occurredAt, changes: row.changes },
      ]),
    );
  }

  /**
   * Appends `events` in this order, chained exactly as if appended one by one (consecutive
   * seq, each linked to the hash before it), for the same statements whatever their number:
   * the lock, the read of the head, and one insert of every audit row with its outbox row.
   * Nothing is sent for an empty list.
   */
  async appendMany(ctx: RequestContext, events: readonly DomainEvent[]): Promise<void> {
    if (!events.length) return;
    await this.write(ctx, events, (rows) => this.db.query(INSERT_EVENTS, [ctx.organizationId, JSON.stringify(rows)]));
  }

  /** Takes the organization's audit lock, reads the head, chains `events` to it in order and hands the rows to `insert`. */
  private async write(ctx: RequestContext, events: readonly DomainEvent[], insert: (rows: ChainedRow[]) => Promise<unknown>): Promise<void> {
    const principal = ctx.requirePrincipal;
    // Read before the transaction: a record() that throws sends nothing.
    const records = events.map((event) => ({ event, record: event.record() }));
    await this.db.transaction(async () => {
      await this.db.query(`SELECT pg_advisory_xact_lock(hashtextextended('parasol.audit:' || $1, 0))`, [ctx.organizationId]);
      // Read after the lock, in a statement of its own: its snapshot sees the last append committed.
      const last = await this.db.queryOne<{ seq: string; hash: string }>(
        `SELECT seq, hash FROM audit_events WHERE organization_id = $1 ORDER BY seq DESC LIMIT 1`,
        [ctx.organizationId],
      );
      let seq = BigInt(last?.seq ?? '0');
      let prevHash = last?.hash ?? GENESIS_HASH;
      const rows = records.map(({ event, record }): ChainedRow => {
        const content: ChainedContent = {
          seq: String(++seq),
          occurredAt: new Date().toISOString(),
          actorType: principal.kind,
          actorId: principal.id,
          action: event.type,
          entityType: event.entityType,
          entityId: record.entityId,
          brandId: record.brandId,
          changes: diff(record.before, record.after),
          requestId: ctx.requestId,
        };
        const hash = chainHash(content, prevHash);
        const row = { ...content, prevHash, hash };
        prevHash = hash;
        return row;
      });
      await insert(rows);
    });
  }
}

const INSERT_EVENT = `
  WITH event AS (
    INSERT INTO audit_events (organization_id, seq, occurred_at, actor_type, actor_id, action, entity_type, entity_id, brand_id, changes, request_id, prev_hash, hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id
  )
  INSERT INTO outbox_events (organization_id, audit_event_id, type, brand_id, payload)
  SELECT $1, event.id, $6, $9, $14 FROM event`;

/**
 * Every audit row and its outbox row in one statement, whatever their number: the rows come as
 * one JSON array (not 13 parameters a row, which would meet the 65,535-parameter limit), and
 * each outbox row finds its audit row's id by seq. Fields are read as text and cast on insert,
 * so the outbox payload carries seq, times and ids exactly as they were hashed.
 */
const INSERT_EVENTS = `
  WITH r AS (
    SELECT * FROM jsonb_to_recordset($2::jsonb) AS r(
      seq text, "occurredAt" text, "actorType" text, "actorId" text, action text, "entityType" text,
      "entityId" text, "brandId" text, changes jsonb, "requestId" text, "prevHash" text, hash text)
  ), event AS (
    INSERT INTO audit_events (organization_id, seq, occurred_at, actor_type, actor_id, action, entity_type, entity_id, brand_id, changes, request_id, prev_hash, hash)
    SELECT $1, r.seq::bigint, r."occurredAt"::timestamptz, r."actorType", r."actorId"::uuid, r.action, r."entityType", r."entityId"::uuid,
           r."brandId"::uuid, r.changes, r."requestId", r."prevHash", r.hash
      FROM r ORDER BY r.seq::bigint
    RETURNING id, seq
  )
  INSERT INTO outbox_events (organization_id, audit_event_id, type, brand_id, payload)
  SELECT $1, event.id, r.action, r."brandId"::uuid,
         jsonb_build_object('type', r.action, 'entityType', r."entityType", 'entityId', r."entityId", 'brandId', r."brandId",
                            'seq', r.seq, 'occurredAt', r."occurredAt", 'changes', r.changes)
    FROM event JOIN r ON r.seq::bigint = event.seq
   ORDER BY event.seq`;
