/**
 * What the audit log keeps of an event, and so what its outbox row, the change feed and the
 * webhooks carry: the entity it is about, the brand that entity belongs to, and the entity's
 * fields before and after (only those that differ are stored).
 */
export interface EventRecord {
  entityId: string;
  /** The brand the entity belongs to (a brand's own id for a brand); null for organization-level entities. */
  brandId: string | null;
  /** Absent for a creation. */
  before?: object | null;
  /** Absent for a deletion. */
  after?: object | null;
}

/** An event class, as the catalogue and the publisher's listeners name it. */
export interface DomainEventClass<E extends DomainEvent = DomainEvent> {
  new (...args: never[]): E;
  /** `<entity>.<verb>`, e.g. brand.created: the audit action, the outbox and webhook event type. Never renamed: webhook consumers match on it. */
  readonly type: string;
  /** The audited entity's GraphQL type name, e.g. Brand. */
  readonly entityType: string;
  /** false for events only in-process listeners see (no audit event, no outbox row, no webhook). */
  readonly audited: boolean;
  /**
   * What happened, for integrators reading the webhook catalogue, where a sentence made of the
   * type and entity type (describeEventType) would say too little. Optional: most events need none.
   */
  readonly description?: string;
}

/**
 * A change that happened, typed: each event is one subclass declaring its `type` and
 * `entityType` (static, so the catalogue can list them without instances; not declared here,
 * so a class that forgets them does not fit `DomainEventClass`), its payload type, and how its
 * payload reads as an audit record. Events are published with `EventPublisher.publish`, in the
 * change's transaction.
 */
export abstract class DomainEvent<Payload = unknown> {
  static readonly audited: boolean = true;

  constructor(readonly payload: Payload) {}

  get type(): string {
    return this.eventClass.type;
  }

  get entityType(): string {
    return this.eventClass.entityType;
  }

  get audited(): boolean {
    return this.eventClass.audited;
  }

  get eventClass(): DomainEventClass {
    return this.constructor as DomainEventClass;
  }

  /** The entity, its brand and its fields before and after, as the audit log and webhooks see them. */
  abstract record(): EventRecord;
}

/** A catalogue entry: what a client may filter events on. */
export interface EventTypeDescription {
  type: string;
  entityType: string;
  audited: boolean;
  /** The class's own `description`, or one made from the type and entity type. */
  description: string;
}

/** What happened, for verbs of event types a plain "was <verb>" would say wrong. */
const PREDICATES: Record<string, string> = {
  approve: 'was approved',
  reject: 'was rejected',
  request_changes: 'was sent back with changes requested',
  publish_failed: 'failed to publish',
  logged_out: 'logged out',
};

/**
 * A sentence for an event type without a description of its own: `post.published` of `Post`
 * reads "A post was published.", `webhook_endpoint.secret_rotated` "A webhook endpoint's
 * secret was rotated.", `inbox.item.received` of `InboxItem` "An inbox item was received.".
 */
export function describeEventType(type: string, entityType: string): string {
  // The last segment says what happened (`inbox.item.received`); those before name the entity, as entityType does.
  const verb = type.slice(type.lastIndexOf('.') + 1);
  const entity = entityType.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().replace(/\bapi\b/g, 'API');
  // "an approval", "a user": a u sounds like "you" before a consonant and a vowel.
  const article = /^([aeio]|u(?![a-z][aeiou]))/i.test(entity) ? 'An' : 'A';
  const predicate = PREDICATES[verb];
  if (predicate) return `${article} ${entity} ${predicate}.`;
  // `secret_rotated`: the first words name a part of the entity, the last what happened to it.
  const words = verb.split('_');
  const done = words.pop()!;
  return words.length ? `${article} ${entity}'s ${words.join(' ')} was ${done}.` : `${article} ${entity} was ${done}.`;
}

/**
 * The catalogue's entries, checked: every class names its own type (a subclass that forgot
 * would inherit its parent's, or none) and no two share one.
 */
export function describeEvents(classes: readonly DomainEventClass[]): EventTypeDescription[] {
  const seen = new Set<string>();
  return classes.map((eventClass) => {
    const { type, entityType, audited } = eventClass;
    // Its own only, as its type: a parent's sentence would describe another event.
    const description = Object.prototype.hasOwnProperty.call(eventClass, 'description') ? eventClass.description : undefined;
    if (!Object.prototype.hasOwnProperty.call(eventClass, 'type') || !type) throw new Error(`${eventClass.name} declares no event type of its own`);
    if (!entityType) throw new Error(`${eventClass.name} declares no entity type`);
    if (seen.has(type)) throw new Error(`Event type ${type} is declared twice (again by ${eventClass.name})`);
    seen.add(type);
    return { type, entityType, audited, description: description ?? describeEventType(type, entityType) };
  });
}
