import { NETWORK_LABELS } from '../../../libs/policy-engine/describe';
import { InboxAboutValue, InboxItemKindValue, ModerationActionSpec, ModerationCondition } from './types';

// Human-readable summaries of conditions and actions: what InboxItem.moderation shows an
// agent ("hidden by 'Spam links': keyword "scam", has a link"), and what a rule list shows.

const KIND_NAMES: Record<InboxItemKindValue, string> = {
  COMMENT: 'comment',
  REPLY: 'reply',
  MENTION: 'mention',
  DIRECT_MESSAGE: 'direct message',
  REVIEW: 'review',
  SHARE: 'share',
};

const lower = (value: string) => value.toLowerCase().replace(/_/g, ' ');
const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');
const either = (values: readonly string[]) =>
  values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;

/** Details of how a condition matched one item, so the summary names what was found. */
export interface ConditionHit {
  /** KEYWORDS: the terms found, as the rule spells them. */
  terms?: readonly string[];
  /** HAS_CONTACT_DETAILS: which kinds were found. */
  email?: boolean;
  phone?: boolean;
  /** WORD_COUNT: the item's word count. */
  words?: number;
  /** KIND, NETWORK, POST_TAG, ABOUT: the item's value(s) that matched. */
  values?: readonly string[];
}

function wordBounds(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${min} words` : `between ${min} and ${max} words`;
  if (min !== undefined) return `at least ${min} words`;
  return `at most ${max ?? 0} words`;
}

function valueNames(condition: ModerationCondition, values: readonly string[]): string[] {
  switch (condition.type) {
    case 'KIND':
      return values.map((v) => KIND_NAMES[v as InboxItemKindValue] ?? lower(v));
    case 'NETWORK':
      return values.map((v) => NETWORK_LABELS[v as keyof typeof NETWORK_LABELS] ?? v);
    default:
      return values.map(lower);
  }
}

/**
 * A condition in words. Without `hit`, what the condition asks for ('one of the keywords
 * "scam", "free money"'); with it, what it found in one item ('keyword "scam"').
 */
export function describeCondition(condition: ModerationCondition, hit: ConditionHit = {}): string {
  switch (condition.type) {
    case 'KEYWORDS': {
      const terms = hit.terms ?? condition.terms;
      if (terms.length === 1) return `keyword ${quoted(terms)}`;
      return hit.terms ? `keywords ${quoted(terms)}` : `one of the keywords ${quoted(terms)}`;
    }
    case 'ONLY_MENTIONS':
      return 'only mentions';
    case 'ONLY_EMOJI':
      return 'only emoji';
    case 'HAS_LINK':
      return 'has a link';
    case 'HAS_CONTACT_DETAILS':
      if (hit.email && hit.phone) return 'has an email address and a phone number';
      if (hit.email) return 'has an email address';
      if (hit.phone) return 'has a phone number';
      return 'has an email address or phone number';
    case 'WORD_COUNT': {
      const bounds = wordBounds(condition.min, condition.max);
      return hit.words === undefined ? bounds : `${bounds} (${hit.words})`;
    }
    case 'KIND':
      return `kind is ${either(valueNames(condition, hit.values ?? condition.kinds))}`;
    case 'NETWORK':
      return `network is ${either(valueNames(condition, hit.values ?? condition.networks))}`;
    case 'AUTHOR_SEEN_BEFORE':
      return condition.value ? 'author seen before' : 'first message from this author';
    case 'POST_TAG':
      return `answers a post tagged ${either(valueNames(condition, hit.values ?? condition.tags))}`;
    case 'ABOUT':
      return `about is ${either(valueNames(condition, hit.values ?? condition.abouts))}`;
  }
}

/** Details of what an action did to one item. */
export interface ActionEffect {
  /** ASSIGN / ROUND_ROBIN: who got the item (null: round-robin had no agent). */
  assigneeId?: string | null;
  /** Why the action had no effect in the end (e.g. 'item hidden'). */
  skipped?: string;
}

function describeSpec(action: ModerationActionSpec, effect: ActionEffect): string {
  switch (action.type) {
    case 'HIDE':
      return 'hide';
    case 'MARK_SPAM':
      return 'mark as spam';
    case 'LABEL':
      return `label "${action.label}"`;
    case 'SET_ABOUT':
      return `set about to ${lower(action.about)}`;
    case 'SET_PRIORITY':
      return `set priority to ${lower(action.priority)}`;
    case 'ASSIGN':
      return `assign to ${action.principalId}`;
    case 'ROUND_ROBIN':
      if (effect.assigneeId === undefined) return "assign round-robin among the brand's agents";
      return effect.assigneeId === null ? 'assign round-robin: no agent available' : `assign round-robin to ${effect.assigneeId}`;
    case 'CLOSE':
      return 'close';
  }
}

/** An action in words ('hide', 'label "vip"'); with `effect`, what it did to one item. */
export function describeAction(action: ModerationActionSpec, effect: ActionEffect = {}): string {
  const text = describeSpec(action, effect);
  return effect.skipped ? `${text} (not applied: ${effect.skipped})` : text;
}
