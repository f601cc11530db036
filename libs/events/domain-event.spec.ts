import { describeEvents, DomainEvent } from './domain-event';

interface Thing {
  id: string;
  brandId: string;
  name: string;
}

abstract class ThingEvent<P> extends DomainEvent<P> {
  static readonly entityType = 'Thing';
}

class ThingRenamed extends ThingEvent<{ before: Thing; after: Thing }> {
  static readonly type = 'thing.renamed';

  record() {
    const { before, after } = this.payload;
    return { entityId: after.id, brandId: after.brandId, before, after };
  }
}

class ThingWatched extends ThingEvent<{ thingId: string }> {
  static readonly type = 'thing.watched';
  static override readonly audited = false;

  record() {
    return { entityId: this.payload.thingId, brandId: null };
  }
}

const before: Thing = { id: 't1', brandId: 'b1', name: 'Old' };
const after: Thing = { ...before, name: 'New' };

describe('DomainEvent', () => {
  it('reads its type and entity type from its class, and keeps its payload as given', () => {
    const event = new ThingRenamed({ before, after });
    expect(event.type).toBe('thing.renamed');
    expect(event.entityType).toBe('Thing');
    expect(event.audited).toBe(true);
    expect(event.eventClass).toBe(ThingRenamed);
    expect(event.payload.after).toBe(after);
  });

  it('says what the audit log keeps of it', () => {
    expect(new ThingRenamed({ before, after }).record()).toEqual({ entityId: 't1', brandId: 'b1', before, after });
  });

  it('may be for in-process listeners only', () => {
    const event = new ThingWatched({ thingId: 't1' });
    expect(event.audited).toBe(false);
    expect(ThingRenamed.audited).toBe(true);
    expect(event.record()).toEqual({ entityId: 't1', brandId: null });
  });
});

describe('describeEvents', () => {
  it('lists each class with its type, entity type and whether it is audited', () => {
    expect(describeEvents([ThingRenamed, ThingWatched])).toEqual([
      { type: 'thing.renamed', entityType: 'Thing', audited: true },
      { type: 'thing.watched', entityType: 'Thing', audited: false },
    ]);
  });

  it('refuses a class without a type of its own', () => {
    class Untyped extends ThingRenamed {}
    expect(() => describeEvents([Untyped])).toThrow('Untyped declares no event type of its own');
  });

  it('refuses a type declared twice', () => {
    class Again extends ThingRenamed {
      static override readonly type = 'thing.renamed';
    }
    expect(() => describeEvents([ThingRenamed, Again])).toThrow('Event type thing.renamed is declared twice (again by Again)');
  });
});
