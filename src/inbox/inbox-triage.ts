import { Injectable } from '@nestjs/common';
import { RequestContext, SocialNetwork } from '../../libs/core';
import { ModerationActionData } from './inbox.entities';
import { InboxAbout, InboxAboutSource, InboxItemKind, InboxItemStatus, InboxPriority } from './inbox.enums';
import { SlaTriage } from './sla-triage';
import { ModerationTriage } from './moderation-triage';

/** One accepted item of an ingest batch, as moderation rules and response targets see it. */
export interface TriageItem {
  /** Its index in the call's input. */
  index: number;
  brandId: string;
  /** The brand's ancestors, root first: where inherited rules and policies come from. */
  brandAncestorIds: readonly string[];
  profileId: string;
  /** The profile's handle: the connector acts as that profile (moderation hides on the network). */
  profileHandle: string;
  network: SocialNetwork;
  /** The item's id on the network. */
  networkId: string;
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
 * Moderation rules run first (ModerationTriage: status, about, priority, labels, assignee and
 * the trail); response targets come last (SlaTriage): they read the status and about that
 * moderation decided.
 */
@Injectable()
export class InboxTriage {
  constructor(
    private readonly moderation: ModerationTriage,
    private readonly sla: SlaTriage,
  ) {}

  async decide(ctx: RequestContext, batch: readonly TriageItem[]): Promise<TriageOutcome[]> {
    const outcomes = await this.moderation.decide(ctx, batch);
    return this.sla.withDueTimes(ctx, batch, outcomes.map((outcome): TriageOutcome => ({ ...outcome, dueAt: null })));
  }
}
