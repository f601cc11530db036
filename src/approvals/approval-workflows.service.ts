import { Injectable } from '@nestjs/common';
import { BadUserInputError, ConflictError, RequestContext } from '../../libs/core';
import { Db, isUniqueViolation } from '../../libs/database';
import { RolesService } from '../access';
import { EventPublisher } from '../audit';
import { ApprovalWorkflowCreated } from './approval.events';
import { WorkflowStage } from './approval.entities';
import { ApprovalWorkflow } from './approval.types';
import { CreateApprovalWorkflowInput } from './dto/approval.inputs';

/** Approval workflows: the named, ordered stages that APPROVAL_REQUIRED policies choose. */
@Injectable()
export class ApprovalWorkflowsService {
  constructor(
    private readonly db: Db,
    private readonly roles: RolesService,
    private readonly events: EventPublisher,
  ) {}

  /** policy:manage somewhere is the guard's (@Allow); a workflow takes effect only through a policy on a brand. */
  async createWorkflow(ctx: RequestContext, input: CreateApprovalWorkflowInput): Promise<ApprovalWorkflow> {
    for (const [i, stage] of input.stages.entries()) {
      for (const [j, key] of stage.approverRoles.entries()) {
        if (!(await this.roles.find(ctx, key))) throw BadUserInputError.field(`input.stages.${i}.approverRoles.${j}`, `no role ${key} in this organization`);
      }
    }
    const stages: WorkflowStage[] = input.stages.map((s) => ({ name: s.name.trim(), approverRoles: [...new Set(s.approverRoles)], quorum: s.quorum, slaHours: s.slaHours ?? null }));
    return this.db.transaction(() => this.insertWorkflow(ctx, input, stages));
  }

  private async insertWorkflow(ctx: RequestContext, input: CreateApprovalWorkflowInput, stages: WorkflowStage[]): Promise<ApprovalWorkflow> {
    try {
      const row = await this.db.queryOne<{ id: string; name: string; description: string | null; stages: WorkflowStage[]; created_at: Date }>(
        `INSERT INTO approval_workflows (organization_id, name, description, stages) VALUES ($1, $2, $3, $4) RETURNING id, name, description, stages, created_at`,
        [ctx.organizationId, input.name.trim(), input.description ?? null, JSON.stringify(stages)],
      );
      const workflow = { id: row!.id, name: row!.name, description: row!.description, stages: row!.stages, createdAt: row!.created_at };
      await this.events.publish(ctx, new ApprovalWorkflowCreated({ workflow }));
      return workflow;
    } catch (error) {
      if (isUniqueViolation(error, 'UQ_approval_workflows_name')) throw new ConflictError(`A workflow named "${input.name}" already exists`, { field: 'input.name' });
      throw error;
    }
  }

  async workflows(ctx: RequestContext): Promise<ApprovalWorkflow[]> {
    const rows = await this.db.query<{ id: string; name: string; description: string | null; stages: WorkflowStage[]; created_at: Date }>(
      `SELECT id, name, description, stages, created_at FROM approval_workflows WHERE organization_id = $1 ORDER BY name`,
      [ctx.organizationId],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, stages: r.stages, createdAt: r.created_at }));
  }
}
