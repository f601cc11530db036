import { DomainEvent } from '../../libs/events';
import { ExternalRef } from './external-ref.types';

/**
 * An external id linked to a brand or a profile. The audit entity id is the linked entity's
 * (an external ref has no id of its own); `brandId` is the brand it belongs to.
 */
export class ExternalRefCreated extends DomainEvent<{ ref: ExternalRef; brandId: string | null }> {
  static readonly type = 'external_ref.created';
  static readonly entityType = 'ExternalRef';

  record() {
    const { ref, brandId } = this.payload;
    return { entityId: ref.entityId, brandId, after: ref };
  }
}

export const INTEGRATION_EVENTS = [ExternalRefCreated];
