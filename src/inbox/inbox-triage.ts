import { Injectable } from '@nestjs/common';
import { RequestContext, SocialNetwork } from '../../libs/core';
import { ModerationActionData } from './inbox.entities';
import { InboxAbout, InboxAboutSource, InboxItemKind, InboxItemStatus, InboxPriority } from './inbox.enums';
import { SlaTriage } from './sla-triage';

/** One accepted item of an ingest batch, as moderation rules and response targets see it. */
export interface TriageItem {
  /** Its index in the call's input. */
  index: number;
  brandId: string;
  /** The brand's ancestors, root first: where inherited rules and policies come from. */
  brandAncestorIds: readonly string[];
  profileId: string;
  network: SocialNetwork;
  kind: InboxItemKind;
  body: string;
  language: string | null;
  contactId: string;
  /** False when this ingest call created the contact (their first message). */
  contactSeenBefore: boolean;
  /** The tags of the post it answers; empty without one. */
  postTags: readonly string[];
  receivedAt: Date;
  /** What the integrator said it is about (OTHER when they did not say). */
  about: InboxAbout;
}

/** What triage decides for one item; the item is inserted with exactly these values. */
export interface TriageOutcome {
  status: InboxItemStatus;
  about: InboxAbout;
  aboutSetBy: InboxAboutSource;
  priority: InboxPriority;
  labels: string[];
  assigneeId: string | null;
  dueAt: Date | null;
  moderation: ModerationActionData[];
}

/**
 * The seam of the ingest pipeline where moderation rules and response targets decide each
 * new item's status, about, priority, labels, assignee and due time. It receives the whole
 * batch of accepted items (so a rule set or an SLA policy is read once per call, not per item)
 * inside the ingest transaction, and returns one outcome per item, in the same order.
 *
 * Response targets come last (SlaTriage): they read the status and about that moderation decided.
 */
@Injectable()
export class InboxTriage {
  constructor(private readonly sla: SlaTriage) {}

  async decide(ctx: RequestContext, batch: readonly TriageItem[]): Promise<TriageOutcome[]> {
    const outcomes = batch.map((item): TriageOutcome => ({
      status: InboxItemStatus.OPEN,
      about: item.about,
      aboutSetBy: InboxAboutSource.INGEST,
      priority: InboxPriority.NORMAL,
      labels: [],
      assigneeId: null,
      dueAt: null,
      moderation: [],
    }));
    return this.sla.withDueTimes(ctx, batch, outcomes);
  }
}
