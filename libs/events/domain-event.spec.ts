import { describeEvents, describeEventType, DomainEvent } from './domain-event';

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
  it('lists each class with its type, entity type, whether it is audited and a sentence', () => {
    expect(describeEvents([ThingRenamed, ThingWatched])).toEqual([
      { type: 'thing.renamed', entityType: 'Thing', audited: true, description: 'A thing was renamed.' },
      { type: 'thing.watched', entityType: 'Thing', audited: false, description: 'A thing was watched.' },
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

describe('describeEventType', () => {
  it.each([
    ['brand.created', 'Brand', 'A brand was created.'],
    ['approval.request_changes', 'ApprovalRequest', 'An approval request was sent back with changes requested.'],
    ['webhook_endpoint.secret_rotated', 'WebhookEndpoint', "A webhook endpoint's secret was rotated."],
    ['api_key.created', 'ApiKey', 'An API key was created.'],
    ['user.logged_out', 'User', 'A user logged out.'],
    ['inbox_item.received', 'InboxItem', 'An inbox item was received.'],
    ['inbox.item.received', 'InboxItem', 'An inbox item was received.'],
  ])('%s of %s reads "%s"', (type, entityType, sentence) => {
    expect(describeEventType(type, entityType)).toBe(sentence);
  });

  it("takes a class's own description over the sentence, never its parent's", () => {
    class Described extends ThingEvent<{ thingId: string }> {
      static readonly type: string = 'thing.described';
      static readonly description = 'A thing was described, at length.';

      record() {
        return { entityId: this.payload.thingId, brandId: null };
      }
    }
    class Undescribed extends Described {
      static override readonly type: string = 'thing.undescribed';
    }
    expect(describeEvents([Described, Undescribed]).map((e) => e.description)).toEqual(['A thing was described, at length.', 'A thing was undescribed.']);
  });
});
