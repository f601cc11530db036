import { Injectable } from '@nestjs/common';
import { RequestContext, SocialNetwork } from '../../libs/core';
import { BrandScope, holds, Permission, rolePermissions } from '../../libs/auth';
import { Db } from '../../libs/database';
import { InboxNote } from './conversation.types';
import { InboxAbout, InboxAboutSource, InboxItemStatus, InboxPriority } from './inbox.enums';
import { ITEM_SELECT, InboxItemRow, NoteRow, toInboxItem, toNote } from './inbox.mapper';
import { InboxItem } from './inbox.types';

/** The columns an agent's action may set on an item (with their values' types). */
export interface ItemChanges {
  status?: InboxItemStatus;
  assignee_id?: string | null;
  assigned_at?: Date | null;
  claimed?: boolean;
  closed_at?: Date | null;
  hidden_at?: Date | null;
  thanked_at?: Date | null;
  thanked_by_id?: string | null;
  labels?: string[];
  about?: InboxAbout;
  about_set_by?: InboxAboutSource;
  priority?: InboxPriority;
  /** The moderation trail as JSON text (node-postgres would send an array as a PostgreSQL array). */
  moderation?: string;
}

const CASTS: Record<keyof ItemChanges, string> = {
  status: 'inbox_item_status', assignee_id: 'uuid', assigned_at: 'timestamptz', claimed: 'boolean', closed_at: 'timestamptz', hidden_at: 'timestamptz',
  thanked_at: 'timestamptz', thanked_by_id: 'uuid', labels: 'text[]', about: 'inbox_about', about_set_by: 'inbox_about_source', priority: 'inbox_priority',
  moderation: 'jsonb',
};

/** A user who may be handed an item, as the item's actions need them. */
export interface Agent {
  id: string;
  displayName: string;
}

/** The writes of the agents' actions on an item the caller has locked (InboxItemLocks.lockFor). */
@Injectable()
export class InboxItemWrites {
  constructor(private readonly db: Db) {}

  /** Sets `changes` and bumps the version, in one statement; answers the item after. */
  async update(ctx: RequestContext, id: string, changes: ItemChanges): Promise<InboxItem> {
    const columns = Object.keys(changes) as (keyof ItemChanges)[];
    const sets = columns.map((column, i) => `${column} = $${i + 3}::${CASTS[column]}`);
    const row = await this.db.queryOne<InboxItemRow>(
      `UPDATE inbox_items i SET ${[...sets, 'version = i.version + 1', 'updated_at = now()'].join(', ')}
         FROM brands b WHERE b.id = i.brand_id AND i.organization_id = $1 AND i.id = $2 RETURNING ${ITEM_SELECT}`,
      [ctx.organizationId, id, ...columns.map((column) => changes[column])],
    );
    return toInboxItem(row!);
  }

  /** An internal note by the caller. */
  async addNote(ctx: RequestContext, itemId: string, body: string): Promise<InboxNote> {
    const row = await this.db.queryOne<NoteRow>(
      `INSERT INTO inbox_notes (organization_id, item_id, author_id, body) VALUES ($1, $2, $3, $4) RETURNING id, item_id, author_id, body, created_at`,
      [ctx.organizationId, itemId, ctx.requirePrincipal.id, body],
    );
    return toNote(row!);
  }

  /**
   * The user, if they are active in the caller's organization and hold `permission` on the brand
   * (through a role on it, an ancestor or org-wide), as their own grants would say at login.
   */
  async agent(ctx: RequestContext, userId: string, scope: BrandScope, permission = Permission.INBOX_RESPOND): Promise<Agent | null> {
    const row = await this.db.queryOne<{ id: string; display_name: string; grants: { roleKey: string; brandId: string | null; permissions: string[] | null }[] }>(
      `SELECT u.id, u.display_name, coalesce((
           SELECT json_agg(json_build_object('roleKey', a.role_key, 'brandId', a.brand_id, 'permissions', r.permissions))
             FROM role_assignments a LEFT JOIN roles r ON r.organization_id = a.organization_id AND r.key = a.role_key
            WHERE a.organization_id = u.organization_id AND a.principal_id = u.id), '[]') AS grants
         FROM users u WHERE u.organization_id = $1 AND u.id = $2 AND u.status = 'ACTIVE'`,
      [ctx.organizationId, userId],
    );
    if (!row) return null;
    const grants = row.grants.map((g, i) => ({ assignmentId: String(i), roleKey: g.roleKey, brandId: g.brandId, permissions: rolePermissions(g.roleKey, g.permissions) }));
    return holds(grants, permission, scope) ? { id: row.id, displayName: row.display_name } : null;
  }

  /** A user's name, for telling one agent who holds an item (null when not a user of the organization). */
  async userName(ctx: RequestContext, userId: string): Promise<string | null> {
    const row = await this.db.queryOne<{ display_name: string }>(`SELECT display_name FROM users WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, userId]);
    return row?.display_name ?? null;
  }

  /** The profile an item came in on, as its connector acts for it. */
  async profile(ctx: RequestContext, profileId: string): Promise<{ id: string; network: SocialNetwork; handle: string }> {
    const row = await this.db.queryOne<{ id: string; network: SocialNetwork; handle: string }>(
      `SELECT id, network, handle FROM social_profiles WHERE organization_id = $1 AND id = $2`,
      [ctx.organizationId, profileId],
    );
    return row!;
  }
}
