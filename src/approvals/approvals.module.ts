import { Module } from '@nestjs/common';
import { ApprovalDecisionsService } from './approval-decisions.service';
import { ApprovalEvents } from './approval-events';
import { ApprovalOutcomes } from './approval-outcomes';
import { ApprovalQueueService } from './approval-queue.service';
import { ApprovalRequestsService } from './approval-requests.service';
import { ApprovalWorkflowsService } from './approval-workflows.service';
import { ApprovalsResolver } from './approvals.resolver';

const services = [ApprovalWorkflowsService, ApprovalRequestsService, ApprovalDecisionsService, ApprovalQueueService];

@Module({ providers: [...services, ApprovalEvents, ApprovalOutcomes, ApprovalsResolver], exports: [...services, ApprovalEvents, ApprovalOutcomes] })
export class ApprovalsModule {}
