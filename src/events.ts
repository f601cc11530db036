import { describeEvents, DomainEventClass, EventTypeDescription } from '../libs/events';
import { ACCESS_EVENTS } from './access';
import { APPROVAL_EVENTS } from './approvals';
import { BRAND_EVENTS } from './brands';
import { IDENTITY_EVENTS } from './identity';
import { INBOX_EVENTS } from './inbox';
import { INTEGRATION_EVENTS } from './integrations';
import { POLICY_EVENTS } from './policies';
import { POST_EVENTS } from './posts';
import { SOCIAL_PROFILE_EVENTS } from './profiles';
import { WEBHOOK_EVENTS } from './webhooks';

/**
 * Every event class of the service, as each feature declares them next to the code that
 * publishes them. The audited ones are the audit log's actions and the change feed's and
 * webhooks' event types.
 */
export const EVENT_CLASSES: readonly DomainEventClass[] = [
  ...BRAND_EVENTS, ...SOCIAL_PROFILE_EVENTS, ...POLICY_EVENTS, ...ACCESS_EVENTS, ...IDENTITY_EVENTS,
  ...APPROVAL_EVENTS, ...POST_EVENTS, ...WEBHOOK_EVENTS, ...INTEGRATION_EVENTS, ...INBOX_EVENTS,
];

/** The catalogue: each event's type and entity type, checked (own type, none twice) when first read. */
export const EVENT_CATALOGUE: readonly EventTypeDescription[] = describeEvents(EVENT_CLASSES);
