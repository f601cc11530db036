import { Injectable } from '@nestjs/common';
import { NotFoundError, RequestContext } from '../../libs/core';
import { AccessService, Permission } from '../../libs/auth';
import { Db } from '../../libs/database';
import { ITEM_FROM, ITEM_SELECT, InboxItemRow, toInboxItem } from './inbox.mapper';
import { InboxItem } from './inbox.types';

/**
 * The one way an item is taken for a change: its row `FOR UPDATE` (so two agents acting on one
 * item serialize, and the loser sees the winner's state), NOT_FOUND when its brand is out of the
 * caller's sight (an item they may not read does not exist for them), FORBIDDEN without
 * `permission` (inbox:respond unless said) on its brand or above.
 */
@Injectable()
export class InboxItemLocks {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
  ) {}

  async lockFor(ctx: RequestContext, id: string, field = 'id', permission = Permission.INBOX_RESPOND): Promise<InboxItem> {
    const row = await this.db.queryOne<InboxItemRow>(`SELECT ${ITEM_SELECT} FROM ${ITEM_FROM} WHERE i.organization_id = $1 AND i.id = $2 FOR UPDATE OF i`, [
      ctx.organizationId,
      id,
    ]);
    const scope = row ? { id: row.brand_id, ancestorIds: row.brand_ancestor_ids } : null;
    if (!scope || !this.access.canSee(ctx, scope)) throw new NotFoundError('InboxItem', id, field);
    this.access.assert(ctx, permission, scope);
    return toInboxItem(row!);
  }
}
