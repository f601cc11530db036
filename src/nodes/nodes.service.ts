import { Injectable } from '@nestjs/common';
import { asNode, ErrorCode, ParasolError, RequestContext } from '../../libs/core';
import { Db } from '../../libs/database';
import { NodeSource, NodeSources } from './node-sources';

/** What a typed read throws for an object out of reach: `node` answers null instead, as for an unknown id. */
const OUT_OF_REACH = new Set<string>([ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN]);

/**
 * `node(id)` and `nodes(ids)`. Ids carry no type (they are the UUIDs every typed query and
 * every client already uses), so the type is looked up: ONE statement asks every Node table
 * for the ids at once (each by its primary key, under row-level security, so another
 * organization's ids are not found); then each object is read by its type's own read, with
 * its access rules. `nodes` costs that statement plus one per type found, whatever the count.
 */
@Injectable()
export class NodesService {
  private readonly byType: Map<string, NodeSource>;
  private readonly lookup: string;

  constructor(
    private readonly db: Db,
    sources: NodeSources,
  ) {
    this.byType = new Map(sources.all.map((s) => [s.type, s]));
    this.lookup = sources.all
      .map((s) => `SELECT id, '${s.type}' AS type FROM ${s.table} WHERE ${s.tenantColumn ?? 'organization_id'} = $1 AND id = ANY($2::uuid[])`)
      .join('\n UNION ALL ');
  }

  async find(ctx: RequestContext, id: string): Promise<object | null> {
    return (await this.findMany(ctx, [id]))[0];
  }

  /** One entry per id, in order: the object, or null when it is unknown or out of reach. */
  async findMany(ctx: RequestContext, ids: readonly string[]): Promise<(object | null)[]> {
    if (ids.length === 0) return [];
    const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
    const rows = await this.db.query<{ id: string; type: string }>(this.lookup, [ctx.organizationId, wanted]);
    const typeOf = new Map(rows.map((r) => [r.id, r.type]));
    // All reads start in the same turn, so each type's loader reads its ids in one statement.
    return Promise.all(ids.map((id) => this.read(ctx, id.toLowerCase(), typeOf.get(id.toLowerCase()))));
  }

  private async read(ctx: RequestContext, id: string, type: string | undefined): Promise<object | null> {
    const source = type ? this.byType.get(type) : undefined;
    if (!source) return null;
    try {
      return asNode(await source.read(ctx, id), source.type);
    } catch (error) {
      if (error instanceof ParasolError && OUT_OF_REACH.has(error.code)) return null;
      throw error;
    }
  }
}
