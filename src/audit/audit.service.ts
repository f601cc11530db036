import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../libs/core';
import { Db } from '../../libs/database';
import { DomainEvent } from '../../libs/events';
import { chainHash, diff, GENESIS_HASH } from './audit-chain';

/**
 * Writes the audit event and the outbox event of a change, in the change's own transaction:
 * if it rolls back, neither exists. Appends take the organization's audit lock until commit,
 * so `seq` follows commit order and every event can chain to the one before it.
 * Only EventPublisher calls this: features publish events, they do not write the log.
 */
@Injectable()
export class AuditService {
  constructor(private readonly db: Db) {}

  async append(ctx: RequestContext, event: DomainEvent): Promise<void> {
    const record = event.record();
    await this.db.transaction(async () => {
      const principal = ctx.requirePrincipal;
      await this.db.query(`SELECT pg_advisory_xact_lock(hashtextextended('parasol.audit:' || $1, 0))`, [ctx.organizationId]);
      const last = await this.db.queryOne<{ seq: string; hash: string }>(
        `SELECT seq, hash FROM audit_events WHERE organization_id = $1 ORDER BY seq DESC LIMIT 1`,
        [ctx.organizationId],
      );
      const content = {
        seq: String(BigInt(last?.seq ?? '0') + 1n),
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
      const prevHash = last?.hash ?? GENESIS_HASH;
      const hash = chainHash(content, prevHash);
      await this.db.query(
        `WITH event AS (
           INSERT INTO audit_events (organization_id, seq, occurred_at, actor_type, actor_id, action, entity_type, entity_id, brand_id, changes, request_id, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id
         )
         INSERT INTO outbox_events (organization_id, audit_event_id, type, brand_id, payload)
         SELECT $1, event.id, $6, $9, $14 FROM event`,
        [
          ctx.organizationId, content.seq, content.occurredAt, content.actorType, content.actorId, content.action, content.entityType, content.entityId,
          content.brandId, content.changes, content.requestId, prevHash, hash,
          { type: content.action, entityType: content.entityType, entityId: content.entityId, brandId: content.brandId, seq: content.seq, occurredAt: content.occurredAt, changes: content.changes },
        ],
      );
    });
  }
}
