import { Injectable } from '@nestjs/common';
import { GraphQLResolveInfo } from 'graphql';
import { NotFoundError, RequestContext } from '../../libs/core';
import { Db } from '../../libs/database';
import { AccessService } from '../../libs/auth';
import { Brand, BrandReader } from '../brands';
import { brandOfTree } from './fill';
import { isEmpty, planOf } from './plan';
import { Statement, statementOf, TreeValues } from './statement';

const STATEMENT_CACHE_LIMIT = 500;

/**
 * A brand with the tree below it in ONE statement, the way PostGraphile answers a query: the
 * brand's fields, a page of its children with theirs, each level's profiles and policies,
 * come back as one JSON value built by PostgreSQL from the query's selection (its
 * "lookahead"). Node then only maps that value to the same objects the field resolvers would
 * have built, and hands them over as read-ahead values (libs/core/prefetch.ts).
 *
 * Three steps, a file each: the plan (./plan.ts: what the selection asks for), the statement
 * (./statement.ts: its SQL) and the fill (./fill.ts: objects from its answer); the entities
 * they read are declared once (./entities.ts).
 *
 * It answers `children` (the first page), `profiles` (the first page, any filter),
 * `policies`, `effectivePolicies`, `viewerPermissions` and `path`; anything else (a cursor,
 * archived children, `descendants`, `posts`...) is left to its resolver, which loads it in
 * batches as before. Access is the resolvers' own: the brand must be visible to the caller
 * (NOT_FOUND otherwise), a visible brand's children are visible, `path` shows only the
 * ancestors the caller may see, and row-level security applies to every part of the statement.
 */
@Injectable()
export class BrandConsoleReader {
  /** Statements by plan: a console sends the same few selections again and again. */
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly reader: BrandReader,
  ) {}

  /** The brand `id` for the field being resolved (`info`), with what its selection asks below it read ahead. */
  async findById(ctx: RequestContext, id: string, info: GraphQLResolveInfo): Promise<Brand> {
    const plan = planOf(info);
    if (!plan || isEmpty(plan)) return this.reader.findById(ctx, id);
    const planKey = JSON.stringify(plan);
    let statement = this.statements.get(planKey);
    if (!statement) {
      statement = statementOf(plan);
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      this.statements.set(planKey, statement);
    }
    const row = await this.db.queryOne<{ tree: TreeValues }>(statement.sql, [ctx.organizationId, id]);
    const brand = row && brandOfTree(ctx, this.access, statement, row.tree);
    if (!brand) throw new NotFoundError('Brand', id);
    return brand;
  }
}
