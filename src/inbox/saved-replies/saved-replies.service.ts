import { Injectable } from '@nestjs/common';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError, RequestContext } from '../../../libs/core';
import { AccessService, BrandScope, Permission } from '../../../libs/auth';
import { Db, isUniqueViolation } from '../../../libs/database';
import { PostTag } from '../../../libs/policy-engine';
import { EventPublisher } from '../../audit';
import { effectiveSavedReplies, lockingSavedReply, savedReplyNameKey } from './inheritance';
import { SavedReplyRemoved, SavedReplySet } from './saved-reply.events';
import { SavedReply, SetSavedReplyInput } from './saved-reply.types';

export interface SavedReplyRow {
  id: string;
  brand_id: string;
  brand_ancestor_ids: string[];
  name: string;
  body: string;
  tags: PostTag[];
  locked: boolean;
  created_at: Date;
  updated_at: Date;
}

export const SAVED_REPLY_COLUMNS = `s.id, s.brand_id, b.ancestor_ids AS brand_ancestor_ids, s.name, s.body, s.tags, s.locked, s.created_at, s.updated_at`;
export const SAVED_REPLY_FROM = `saved_replies s JOIN brands b ON b.id = s.brand_id`;

export const toSavedReply = (r: SavedReplyRow): SavedReply => ({
  id: r.id, brandId: r.brand_id, brandAncestorIds: r.brand_ancestor_ids, name: r.name, body: r.body, tags: r.tags, locked: r.locked,
  inheritedFrom: r.brand_id, createdAt: r.created_at, updatedAt: r.updated_at,
});

/**
 * Saved replies: set on a brand with policy:manage, in force on its whole subtree (the nearest of
 * a name wins unless an ancestor locked it), read with brand:read.
 */
@Injectable()
export class SavedRepliesService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly events: EventPublisher,
  ) {}

  /** Sets the brand's saved reply of that name (replacing it); FORBIDDEN, naming the brand, when an ancestor locked the name. */
  async set(ctx: RequestContext, input: SetSavedReplyInput): Promise<SavedReply> {
    const name = input.name.trim();
    return this.db.transaction(async () => {
      const brand = await this.brandScope(ctx, input.brandId, 'input.brandId');
      this.access.assert(ctx, Permission.POLICY_MANAGE, brand, 'Brand', 'input.brandId');
      const chain = await this.chain(ctx, brand);
      const lock = lockingSavedReply(chain, name);
      if (lock) {
        const [{ name: brandName }] = await this.db.query<{ name: string }>(`SELECT name FROM brands WHERE id = $1`, [lock.brandId]);
        throw new ForbiddenError(`The saved reply "${lock.name}" is locked by ${brandName}; brands below it cannot override it`, {
          field: 'input.name',
          lockedBy: { brandId: lock.brandId, brandName, savedReplyId: lock.id },
        });
      }
      const before = chain[chain.length - 1].find((r) => savedReplyNameKey(r.name) === savedReplyNameKey(name)) ?? null;
      const values = [input.body, input.tags ?? [], input.locked ?? false, name];
      const row = await this.write(ctx, before?.id ?? null, brand.id, values);
      const after = (await this.rows(ctx, `s.id = $2`, [row.id]))[0];
      await this.events.publish(ctx, new SavedReplySet({ before, after }));
      return after;
    });
  }

  /** Replaces the saved reply `id`, or inserts one; two admins racing to create one name on a brand: the loser gets CONFLICT. */
  private async write(ctx: RequestContext, id: string | null, brandId: string, values: unknown[]): Promise<{ id: string }> {
    try {
      const row = id
        ? await this.db.queryOne<{ id: string }>(
          `UPDATE saved_replies SET name = $6, body = $3, tags = $4, locked = $5, updated_at = now() WHERE organization_id = $1 AND id = $2 RETURNING id`,
          [ctx.organizationId, id, ...values],
        )
        : await this.db.queryOne<{ id: string }>(
          `INSERT INTO saved_replies (organization_id, brand_id, body, tags, locked, name) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [ctx.organizationId, brandId, ...values],
        );
      return row!;
    } catch (error) {
      if (isUniqueViolation(error, 'UQ_saved_replies_name')) throw new ConflictError('A saved reply of that name was just set on this brand; try again', { field: 'input.name' });
      throw error;
    }
  }

  async remove(ctx: RequestContext, id: string): Promise<SavedReply> {
    return this.db.transaction(async () => {
      const [found] = await this.rows(ctx, `s.id = $2`, [id], ' FOR UPDATE OF s');
      const scope = found && { id: found.brandId, ancestorIds: found.brandAncestorIds };
      if (!scope || !this.access.canSee(ctx, scope)) throw new NotFoundError('SavedReply', id, 'id');
      this.access.assert(ctx, Permission.POLICY_MANAGE, scope);
      await this.db.query(`DELETE FROM saved_replies WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, id]);
      await this.events.publish(ctx, new SavedReplyRemoved({ savedReply: found }));
      return found;
    });
  }

  /** The saved replies in force on a brand the caller may read, by name, each with the brand it comes from. */
  async effective(ctx: RequestContext, brandId: string, field = 'brandId'): Promise<SavedReply[]> {
    const brand = await this.brandScope(ctx, brandId, field);
    return effectiveSavedReplies(await this.chain(ctx, brand));
  }

  /**
   * A saved reply to answer with on `brand`: NOT_FOUND when the caller knows no such saved
   * reply, BAD_USER_INPUT when it exists but is not in force there (another brand's, or overridden).
   */
  async inForce(ctx: RequestContext, brand: BrandScope, id: string, field: string): Promise<SavedReply> {
    const chain = await this.chain(ctx, brand);
    // In force on the item's brand: usable by whoever may answer there, wherever above it is set.
    const effective = effectiveSavedReplies(chain).find((r) => r.id === id);
    if (effective) return effective;
    const found = chain.flat().find((r) => r.id === id) ?? (await this.rows(ctx, `s.id = $2`, [id]))[0];
    const known = found && (chain.flat().includes(found) || this.access.canSee(ctx, { id: found.brandId, ancestorIds: found.brandAncestorIds }));
    if (!known) throw new NotFoundError('SavedReply', id, field);
    throw BadUserInputError.field(field, `the saved reply "${found.name}" is not in force on the item's brand`);
  }

  /** The saved replies on the brand and its ancestors, root first, one level per brand: one statement. */
  private async chain(ctx: RequestContext, brand: BrandScope): Promise<SavedReply[][]> {
    const levels = [...brand.ancestorIds, brand.id];
    const rows = await this.rows(ctx, `s.brand_id = ANY($2::uuid[])`, [levels]);
    return levels.map((id) => rows.filter((r) => r.brandId === id));
  }

  private async rows(ctx: RequestContext, where: string, params: unknown[], lock = ''): Promise<SavedReply[]> {
    const rows = await this.db.query<SavedReplyRow>(`SELECT ${SAVED_REPLY_COLUMNS} FROM ${SAVED_REPLY_FROM} WHERE s.organization_id = $1 AND ${where} ORDER BY s.created_at, s.id${lock}`, [
      ctx.organizationId,
      ...params,
    ]);
    return rows.map(toSavedReply);
  }

  private async brandScope(ctx: RequestContext, brandId: string, field: string): Promise<BrandScope> {
    const row = await this.db.queryOne<{ ancestor_ids: string[] }>(`SELECT ancestor_ids FROM brands WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, brandId]);
    const scope = row ? { id: brandId, ancestorIds: row.ancestor_ids } : null;
    if (!scope || !this.access.canSee(ctx, scope)) throw new NotFoundError('Brand', brandId, field);
    return scope;
  }
}
