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
}

/**
 * The catalogue's entries, checked: every class names its own type (a subclass that forgot
 * would inherit its parent's, or none) and no two share one.
 */
export function describeEvents(classes: readonly DomainEventClass[]): EventTypeDescription[] {
  const seen = new Set<string>();
  return classes.map((eventClass) => {
    const { type, entityType, audited } = eventClass;
    if (!Object.prototype.hasOwnProperty.call(eventClass, 'type') || !type) throw new Error(`${eventClass.name} declares no event type of its own`);
    if (!entityType) throw new Error(`${eventClass.name} declares no entity type`);
    if (seen.has(type)) throw new Error(`Event type ${type} is declared twice (again by ${eventClass.name})`);
    seen.add(type);
    return { type, entityType, audited };
  });
}
