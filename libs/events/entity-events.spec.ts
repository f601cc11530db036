import { describeEvents } from './domain-event';
import { entityEvents } from './entity-events';

interface Thing {
  id: string;
  brandId: string;
  name: string;
}

const ThingEvent = entityEvents('Thing', 'thing', (thing: Thing) => thing.brandId);

class ThingCreated extends ThingEvent.Created {
  static readonly type = 'thing.created';
}

class ThingRenamed extends ThingEvent.Changed {
  static readonly type = 'thing.renamed';
}

class ThingRemoved extends ThingEvent.Removed {
  static readonly type = 'thing.removed';
}

describe('entityEvents', () => {
  const before = { id: 't1', brandId: 'b1', name: 'Old' };
  const after = { ...before, name: 'New' };

  it('records a creation as the entity after, a removal as before, a change as both', () => {
    expect(new ThingCreated({ thing: after }).record()).toEqual({ entityId: 't1', brandId: 'b1', after });
    expect(new ThingRemoved({ thing: before }).record()).toEqual({ entityId: 't1', brandId: 'b1', before });
    expect(new ThingRenamed({ before, after }).record()).toEqual({ entityId: 't1', brandId: 'b1', before, after });
  });

  it('gives each subclass the entity type, while each keeps its own event type', () => {
    expect(describeEvents([ThingCreated, ThingRenamed, ThingRemoved])).toEqual([
      { type: 'thing.created', entityType: 'Thing', audited: true, description: 'A thing was created.' },
      { type: 'thing.renamed', entityType: 'Thing', audited: true, description: 'A thing was renamed.' },
      { type: 'thing.removed', entityType: 'Thing', audited: true, description: 'A thing was removed.' },
    ]);
    expect(new ThingCreated({ thing: after }).type).toBe('thing.created');
  });
});
