import { Args, Extensions, Query, Resolver } from '@nestjs/graphql';
import { Connection, FieldCost, ONE_PER_REQUEST, RequestContext } from '../../libs/core';
import { Allow, Ctx, Permission } from '../../libs/auth';
import { AuditLogService } from './audit-log.service';
import { AuditChainVerification, AuditEvent, AuditEventConnection, AuditExportPage, ChangeFeedPage } from './audit.types';
import { AuditEventsArgs, AuditExportArgs, ChangesArgs } from './dto/audit.inputs';

/** An exported event is read, checked against the caller's reach and written out as JSON: priced per row a page may hold. */
const AUDIT_EXPORT_ROW_COST = 5;
const AUDIT_EXPORT_COST: FieldCost = { complexity: ({ args }) => 1 + AUDIT_EXPORT_ROW_COST * (typeof args.first === 'number' ? args.first : 1000) };

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(private readonly log: AuditLogService) {}

  @Allow(Permission.AUDIT_READ)
  @Query(() => AuditEventConnection, { description: 'The audit log, newest first, where the caller holds audit:read.' })
  auditEvents(@Ctx() ctx: RequestContext, @Args() args: AuditEventsArgs): Promise<Connection<AuditEvent>> {
    return this.log.list(ctx, args);
  }

  @Allow(Permission.AUDIT_READ)
  @Extensions(ONE_PER_REQUEST)
  @Query(() => AuditChainVerification, {
    description: "Recomputes the organization's hash chain and names the first broken event (audit:read org-wide). Reads the whole log: once per request.",
  })
  verifyAuditChain(@Ctx() ctx: RequestContext): Promise<AuditChainVerification> {
    return this.log.verify(ctx);
  }

  @Allow(Permission.AUDIT_READ)
  @Extensions(AUDIT_EXPORT_COST)
  @Query(() => AuditExportPage, { description: 'The audit log between two times as JSON Lines, a page at a time (each row of `first` counts in the query cost). Needs `audit:read`.' })
  auditExport(@Ctx() ctx: RequestContext, @Args() args: AuditExportArgs): Promise<AuditExportPage> {
    return this.log.export(ctx, args);
  }

  @Allow(Permission.BRAND_READ)
  @Query(() => ChangeFeedPage, { description: 'Every change in commit order after a durable cursor, for integrators to sync from. Needs `brand:read`.' })
  changes(@Ctx() ctx: RequestContext, @Args() args: ChangesArgs): Promise<ChangeFeedPage> {
    return this.log.changes(ctx, args);
  }
}
