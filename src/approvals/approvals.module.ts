import { Module } from '@nestjs/common';
import { ApprovalDecisionsService } from './approval-decisions.service';
import { ApprovalEvents } from './approval-events';
import { ApprovalNodeReader } from './approval-node.reader';
import { ApprovalQueueService } from './approval-queue.service';
import { ApprovalRequestsService } from './approval-requests.service';
import { ApprovalSubjects } from './approval-subjects';
import { ApprovalWorkflowsService } from './approval-workflows.service';
import { ApprovalsResolver } from './approvals.resolver';

const services = [ApprovalWorkflowsService, ApprovalRequestsService, ApprovalDecisionsService, ApprovalQueueService, ApprovalNodeReader];

@Module({ providers: [...services, ApprovalEvents, ApprovalSubjects, ApprovalsResolver], exports: [...services, ApprovalEvents, ApprovalSubjects] })
export class ApprovalsModule {}
