import { Module } from '@nestjs/common';
import { ApprovalEvents } from './approval-events';
import { ApprovalsResolver } from './approvals.resolver';
import { ApprovalsService } from './approvals.service';

@Module({ providers: [ApprovalsService, ApprovalEvents, ApprovalsResolver], exports: [ApprovalsService, ApprovalEvents] })
export class ApprovalsModule {}
