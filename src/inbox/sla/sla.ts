import { InboxAbout, InboxItemKind, PolicyRule, PolicyType, ResponseSlaConfig } from '../../../libs/policy-engine';

// Response targets: which minutes apply to an item, and where an item stands against its due
// time. Pure: the inbox feature stores due_at at ingest and first_response_at on the first
// reply, and derives the state from them.

/** Where an item stands against its response target (GraphQL `InboxSlaState`). */
export enum InboxSlaState {
  /** No RESPONSE_SLA policy was in force when it arrived. */
  NO_TARGET = 'NO_TARGET',
  /** Not answered yet, and not due yet. */
  ON_TIME = 'ON_TIME',
  /** Not answered, and past its due time. */
  OVERDUE = 'OVERDUE',
  /** Answered by its due time. */
  MET = 'MET',
  /** Answered, but after its due time. */
  MISSED = 'MISSED',
}

/** The RESPONSE_SLA config in force among a brand's effective policies (effectivePolicies), or null. */
export function responseSlaOf(policies: readonly PolicyRule[]): ResponseSlaConfig | null {
  const policy = policies.find((p) => p.enabled && p.type === PolicyType.RESPONSE_SLA);
  return policy ? (policy.config as ResponseSlaConfig) : null;
}

/**
 * The minutes to a first response for an item: those of the first target whose kinds and
 * abouts both match it (an absent list matches anything), else the config's default
 * minutes; null without a config (no RESPONSE_SLA in force).
 */
export function slaTarget(config: ResponseSlaConfig | null | undefined, item: { kind: InboxItemKind; about: InboxAbout }): number | null {
  if (config == null) return null;
  const target = (config.targets ?? []).find(
    (t) => (t.kinds == null || t.kinds.includes(item.kind)) && (t.abouts == null || t.abouts.includes(item.about)),
  );
  return target ? target.minutes : config.minutes;
}

/**
 * An item's state: answered items are MET when the first response came by the due time
 * (inclusive) and MISSED after it; unanswered ones are ON_TIME until the due time (inclusive)
 * and OVERDUE after it. No due time: NO_TARGET.
 */
export function slaState(dueAt: Date | null | undefined, firstResponseAt: Date | null | undefined, now: Date): InboxSlaState {
  if (dueAt == null) return InboxSlaState.NO_TARGET;
  if (firstResponseAt != null) return firstResponseAt.getTime() <= dueAt.getTime() ? InboxSlaState.MET : InboxSlaState.MISSED;
  return now.getTime() <= dueAt.getTime() ? InboxSlaState.ON_TIME : InboxSlaState.OVERDUE;
}
