import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../libs/core';
import { ApprovalRequestStatus } from './approval.entities';

/** How a request can close with a decision; the post moves to the matching state. */
export type ApprovalOutcome = ApprovalRequestStatus.APPROVED | ApprovalRequestStatus.REJECTED | ApprovalRequestStatus.CHANGES_REQUESTED;

/** What the posts feature does when a post's request closes: it owns the post's status. */
export interface ApprovalOutcomeHandler {
  approvalClosed(ctx: RequestContext, postId: string, outcome: ApprovalOutcome): Promise<void>;
}

/**
 * The port through which a closing request moves its post. Posts sits above approvals, so
 * approvals cannot call it; the posts lifecycle registers itself here when the app starts.
 * The handler runs inline, in the deciding transaction, right after the request's row is
 * updated (that row's lock orders racing decisions), so the post changes with its request
 * or not at all.
 */
@Injectable()
export class ApprovalOutcomes {
  private handler: ApprovalOutcomeHandler | null = null;

  handleWith(handler: ApprovalOutcomeHandler): void {
    this.handler = handler;
  }

  closed(ctx: RequestContext, postId: string, outcome: ApprovalOutcome): Promise<void> {
    // A missing handler is a wiring mistake (PostsModule not loaded), never a state to carry on in.
    if (!this.handler) throw new Error('No handler for approval outcomes: PostsModule registers one');
    return this.handler.approvalClosed(ctx, postId, outcome);
  }
}
