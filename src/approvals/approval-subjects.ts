import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../libs/core';
import { ApprovalRequestStatus, ApprovalSubjectType } from './approval.entities';

/** How a request can close with a decision; the subject moves to the matching state. */
export type ApprovalOutcome = ApprovalRequestStatus.APPROVED | ApprovalRequestStatus.REJECTED | ApprovalRequestStatus.CHANGES_REQUESTED;

/** What approvals need to know of a subject (a post revision, an inbox reply) as it stands. */
export interface ApprovalSubjectState {
  id: string;
  brandId: string;
  brandAncestorIds: string[];
  /** Who wrote it: they never decide its request. */
  authorId: string;
  /** The revision approved; a subject without revisions says 1. */
  revision: number;
}

/** A subject of a given type, as a feature opens a request for it. */
export interface ApprovalSubject extends ApprovalSubjectState {
  type: ApprovalSubjectType;
}

/** What the feature owning a subject type does for approvals: it owns the subject's row and status. */
export interface ApprovalSubjectHandler {
  /**
   * Takes the subject's row lock (FOR UPDATE) in the caller's transaction and says how it stands;
   * null when there is no such subject in the caller's organization. Decisions lock the subject,
   * then the request: the order the feature's own edits must keep.
   */
  lock(ctx: RequestContext, subjectId: string): Promise<ApprovalSubjectState | null>;
  /**
   * A decision closed the subject's request (inside the deciding transaction): the subject
   * follows it. It may return work to do once the decision has committed, outside any
   * transaction, before the decision is answered: a call to a network (an approved reply's
   * send), which must never run inside the transaction that records it.
   */
  closed(ctx: RequestContext, subjectId: string, outcome: ApprovalOutcome): Promise<AfterDecision | void>;
}

/** Work a subject asks for once the decision that closed its request has committed. */
export type AfterDecision = () => Promise<void>;

/** What the subject is called in messages ("an author never approves their own post"). */
export const SUBJECT_NOUN: Record<ApprovalSubjectType, string> = {
  [ApprovalSubjectType.POST]: 'post',
  [ApprovalSubjectType.INBOX_REPLY]: 'reply',
};

/**
 * The port through which approvals reach the subjects they approve. The features owning them
 * (posts, the inbox) sit above approvals, so approvals cannot call them; each registers its
 * handler for its subject type when the app starts. Handlers run inline, in the deciding
 * transaction, so a subject changes with its request or not at all.
 */
@Injectable()
export class ApprovalSubjects {
  private readonly handlers = new Map<ApprovalSubjectType, ApprovalSubjectHandler>();

  register(type: ApprovalSubjectType, handler: ApprovalSubjectHandler): void {
    // Two features claiming one subject type is a wiring mistake, never a state to carry on in.
    if (this.handlers.has(type)) throw new Error(`A handler for ${type} approvals is already registered`);
    this.handlers.set(type, handler);
  }

  lock(ctx: RequestContext, type: ApprovalSubjectType, subjectId: string): Promise<ApprovalSubjectState | null> {
    return this.handler(type).lock(ctx, subjectId);
  }

  closed(ctx: RequestContext, type: ApprovalSubjectType, subjectId: string, outcome: ApprovalOutcome): Promise<AfterDecision | void> {
    return this.handler(type).closed(ctx, subjectId, outcome);
  }

  private handler(type: ApprovalSubjectType): ApprovalSubjectHandler {
    const handler = this.handlers.get(type);
    // A missing handler is a wiring mistake (the owning module not loaded), never a state to carry on in.
    if (!handler) throw new Error(`No handler for ${type} approvals: the feature owning them registers one (PostsModule for POST)`);
    return handler;
  }
}
