import { entityEvents } from '../../libs/events';
import { ModerationRule } from './moderation-rule.types';

const ModerationRuleEvent = entityEvents('ModerationRule', 'rule', (rule: ModerationRule) => rule.brandId);

/** Created or replaced: a brand holds one rule of a name, so setting it again replaces it. */
export class ModerationRuleSet extends ModerationRuleEvent.Created {
  static readonly type = 'moderation_rule.set';
}

export class ModerationRuleRemoved extends ModerationRuleEvent.Removed {
  static readonly type = 'moderation_rule.removed';
}

export const MODERATION_EVENTS = [ModerationRuleSet, ModerationRuleRemoved];
