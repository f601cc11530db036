import { entityEvents } from '../../libs/events';
import { Policy } from './policy.type';

const PolicyEvent = entityEvents('Policy', 'policy', (policy: Policy) => policy.brandId);

/** Created or replaced: a brand holds one policy of a type, so setting it again replaces it. */
export class PolicySet extends PolicyEvent.Created {
  static readonly type = 'policy.set';
}

export class PolicyRemoved extends PolicyEvent.Removed {
  static readonly type = 'policy.removed';
}

export const POLICY_EVENTS = [PolicySet, PolicyRemoved];
