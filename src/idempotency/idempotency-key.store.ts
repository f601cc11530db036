import { randomUUID } from 'node:crypto';
import { Db } from '../../libs/database';
import { ResponseSealer } from './response-sealer';

/** Whose key it is: keys are scoped per principal of an organization. */
export interface KeyOwner {
  organizationId: string;
  principalId: string;
  key: string;
}

/** A stored answer: the HTTP status and the JSON body, as first sent. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

export type ClaimOutcome =
  /** This request holds the key: run the operation, then `complete` or `releaseInRequest`. */
  | { kind: 'claimed'; claimId: string }
  | ({ kind: 'replay' } & StoredAnswer)
  /** The key was first used with another request. */
  | { kind: 'mismatch' }
  /** The first request with this key has not answered yet. */
  | { kind: 'in-progress' }
  /** The stored answer was sealed with a signing secret the service no longer has. */
  | { kind: 'unreadable' };

export interface IdempotencyTimings {
  /** How long an answer is kept and replayed. */
  retentionSeconds: number;
  /** How long a claim holds without an answer before its request is presumed dead. */
  leaseSeconds: number;
  /** At most one purge of expired keys per this interval, per process. */
  purgeIntervalMs: number;
}

export const DEFAULT_IDEMPOTENCY_TIMINGS: IdempotencyTimings = {
  retentionSeconds: 24 * 60 * 60,
  leaseSeconds: 5 * 60,
  purgeIntervalMs: 10 * 60 * 1000,
};

const PURGE_BATCH = 500;
const OWNER = `organization_id = $1 AND principal_id = $2 AND key = $3`;

interface KeyRow {
  request_hash: string;
  status: 'IN_PROGRESS' | 'COMPLETED';
  response_status: number | null;
  response_body: Buffer | null;
}

/**
 * The `idempotency_keys` table. Claims, replays and releases of dead claims go through the
 * system path (`Db.systemQuery`, autocommit, before the request's transaction opens), so a
 * duplicate sees a claim as soon as it is made; completing a claim goes through the request's
 * own tenant transaction, so the answer commits with the mutation or not at all.
 */
export class IdempotencyKeyStore {
  private nextPurgeAt = 0;

  constructor(
    private readonly db: Db,
    private readonly sealer: ResponseSealer,
    private readonly timings: IdempotencyTimings = DEFAULT_IDEMPOTENCY_TIMINGS,
  ) {}

  /**
   * Claims `owner`'s key for a request hashing to `requestHash`, or says what became of its
   * first use. One statement claims a free key, an expired one, or one whose claimant died.
   */
  async claim(owner: KeyOwner, requestHash: string): Promise<ClaimOutcome> {
    // A key can vanish between the two statements (released, purged): then it is free again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const claimId = randomUUID();
      const [claimed] = await this.db.systemQuery<{ claim_id: string }>(
        `INSERT INTO idempotency_keys AS k
                (organization_id, principal_id, key, request_hash, status, claim_id, locked_until, created_at, expires_at)
         VALUES ($1, $2, $3, $4, 'IN_PROGRESS', $5, now() + $6 * interval '1 second', now(), now() + $7 * interval '1 second')
         ON CONFLICT (organization_id, principal_id, key) DO UPDATE
            SET request_hash = excluded.request_hash, status = excluded.status, claim_id = excluded.claim_id,
                locked_until = excluded.locked_until, response_status = NULL, response_body = NULL,
                created_at = excluded.created_at, expires_at = excluded.expires_at
          WHERE k.expires_at <= now() OR (k.status = 'IN_PROGRESS' AND k.locked_until <= now())
         RETURNING k.claim_id`,
        [owner.organizationId, owner.principalId, owner.key, requestHash, claimId, this.timings.leaseSeconds, this.timings.retentionSeconds],
      );
      if (claimed?.claim_id === claimId) return { kind: 'claimed', claimId };

      const [row] = await this.db.systemQuery<KeyRow>(
        `SELECT request_hash, status, response_status, response_body FROM idempotency_keys WHERE ${OWNER} AND expires_at > now()`,
        [owner.organizationId, owner.principalId, owner.key],
      );
      if (!row) continue;
      if (row.request_hash !== requestHash) return { kind: 'mismatch' };
      if (row.status === 'IN_PROGRESS' || !row.response_body) return { kind: 'in-progress' };
      const body = this.sealer.open(row.response_body, sealContext(owner));
      if (body === null) return { kind: 'unreadable' };
      return { kind: 'replay', status: row.response_status ?? 200, body: JSON.parse(body) };
    }
    return { kind: 'in-progress' };
  }

  /**
   * Stores the answer of the claim, in the request's transaction. False when the claim was
   * lost (its lease ran out and another request took the key): the caller must then roll its
   * work back, or the operation would run twice.
   */
  async complete(owner: KeyOwner, claimId: string, answer: StoredAnswer): Promise<boolean> {
    const sealed = this.sealer.seal(JSON.stringify(answer.body), sealContext(owner));
    const rows = await this.db.query(
      `UPDATE idempotency_keys SET status = 'COMPLETED', locked_until = NULL, response_status = $5, response_body = $6
        WHERE ${OWNER} AND claim_id = $4 AND status = 'IN_PROGRESS'
        RETURNING claim_id`,
      [owner.organizationId, owner.principalId, owner.key, claimId, answer.status, sealed],
    );
    return rows.length === 1;
  }

  /** Gives the key back in the request's transaction (nothing worth replaying happened). */
  async releaseInRequest(owner: KeyOwner, claimId: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE ${OWNER} AND claim_id = $4 AND status = 'IN_PROGRESS'`, [
      owner.organizationId, owner.principalId, owner.key, claimId,
    ]);
  }

  /** Gives the key back after the request's transaction ended without storing an answer. */
  async release(owner: KeyOwner, claimId: string): Promise<void> {
    await this.db.systemQuery(`DELETE FROM idempotency_keys WHERE ${OWNER} AND claim_id = $4 AND status = 'IN_PROGRESS'`, [
      owner.organizationId, owner.principalId, owner.key, claimId,
    ]);
  }

  /** Deletes a batch of expired keys, at most once per purge interval (expired keys are ignored anyway). */
  async purgeExpired(now = Date.now()): Promise<void> {
    if (now < this.nextPurgeAt) return;
    this.nextPurgeAt = now + this.timings.purgeIntervalMs;
    await this.db.systemQuery(
      `DELETE FROM idempotency_keys k
        USING (SELECT organization_id, principal_id, key FROM idempotency_keys WHERE expires_at <= now() ORDER BY expires_at LIMIT ${PURGE_BATCH}) old
        WHERE k.organization_id = old.organization_id AND k.principal_id = old.principal_id AND k.key = old.key AND k.expires_at <= now()`,
    );
  }
}

/** Binds a sealed answer to its key, so it cannot be copied to another principal's key. */
const sealContext = (owner: KeyOwner) => `${owner.organizationId}/${owner.principalId}/${owner.key}`;
