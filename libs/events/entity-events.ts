import { DomainEvent, EventRecord } from './domain-event';

/**
 * The events most entities have, as bases to extend: created (the record keeps the entity
 * after), removed (before) and changed (before and after), for the entity type `entityType`.
 * `key` names the entity in the created and removed payloads (e.g. `{ policy }`), and
 * `brandOf` says which brand the entity belongs to (null: organization-level). A feature's
 * event then declares only its own static `type`; events whose record differs extend `Event`.
 */
export function entityEvents<E extends { id: string }, K extends string>(entityType: string, key: K, brandOf: (entity: E) => string | null) {
  abstract class Event<P> extends DomainEvent<P> {
    static readonly entityType = entityType;
  }

  abstract class Created extends Event<Record<K, E>> {
    record(): EventRecord {
      const entity = this.payload[key];
      return { entityId: entity.id, brandId: brandOf(entity), after: entity };
    }
  }

  abstract class Removed extends Event<Record<K, E>> {
    record(): EventRecord {
      const entity = this.payload[key];
      return { entityId: entity.id, brandId: brandOf(entity), before: entity };
    }
  }

  abstract class Changed extends Event<{ before: E; after: E }> {
    record(): EventRecord {
      const { before, after } = this.payload;
      return { entityId: after.id, brandId: brandOf(after), before, after };
    }
  }

  return { Event, Created, Removed, Changed };
}
