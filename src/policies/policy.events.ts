import { DomainEvent } from '../../libs/events';
import { Policy } from './policy.type';

abstract class PolicyEvent extends DomainEvent<{ policy: Policy }> {
  static readonly entityType = 'Policy';
}

/** Created or replaced: a brand holds one policy of a type, so setting it again replaces it. */
export class PolicySet extends PolicyEvent {
  static readonly type = 'policy.set';

  record() {
    const { policy } = this.payload;
    return { entityId: policy.id, brandId: policy.brandId, after: policy };
  }
}

export class PolicyRemoved extends PolicyEvent {
  static readonly type = 'policy.removed';

  record() {
    const { policy } = this.payload;
    return { entityId: policy.id, brandId: policy.brandId, before: policy };
  }
}

export const POLICY_EVENTS = [PolicySet, PolicyRemoved];
