import { Module } from '@nestjs/common';
import { ApprovalEvents } from './approval-events';
import { ApprovalOutcomes } from './approval-outcomes';
import { ApprovalsResolver } from './approvals.resolver';
import { ApprovalsService } from './approvals.service';

@Module({ providers: [ApprovalsService, ApprovalEvents, ApprovalOutcomes, ApprovalsResolver], exports: [ApprovalsService, ApprovalEvents, ApprovalOutcomes] })
export class ApprovalsModule {}
