import { RequestContext } from '../../libs/core';
import { Db } from '../../libs/database';
import { DomainEvent } from '../../libs/events';
import { AuditService } from './audit.service';
import { EventPublisher } from './event-publisher';

class ThingCreated extends DomainEvent<{ id: string }> {
  static readonly type = 'thing.created';
  static readonly entityType = 'Thing';

  record() {
    return { entityId: this.payload.id, brandId: null, after: this.payload };
  }
}

class ThingWatched extends DomainEvent<{ id: string }> {
  static readonly type = 'thing.watched';
  static readonly entityType = 'Thing';
  static override readonly audited = false;

  record() {
    return { entityId: this.payload.id, brandId: null };
  }
}

/** A Db whose commit the test decides, and an audit writer that only remembers. */
function setUp() {
  const effects: (() => void)[] = [];
  const appended: DomainEvent[] = [];
  /** The lists appendMany was given, one per call. */
  const batches: DomainEvent[][] = [];
  const db = { afterCommit: (effect: () => void) => void effects.push(effect) } as unknown as Db;
  const audit = {
    append: async (_ctx: RequestContext, event: DomainEvent) => void appended.push(event),
    appendMany: async (_ctx: RequestContext, events: DomainEvent[]) => void batches.push([...events]),
  } as unknown as AuditService;
  const commit = () => effects.splice(0).forEach((effect) => effect());
  return { publisher: new EventPublisher(db, audit), effects, appended, batches, commit };
}

const ctx = {} as RequestContext;

describe('EventPublisher', () => {
  it('appends an audited event in the transaction and hands it to listeners only after commit', async () => {
    const { publisher, appended, commit } = setUp();
    const heard: string[] = [];
    publisher.listen(ThingCreated, (event) => heard.push(event.payload.id));
    const event = new ThingCreated({ id: 't1' });
    await publisher.publish(ctx, event);
    expect(appended).toEqual([event]);
    expect(heard).toEqual([]);
    commit();
    expect(heard).toEqual(['t1']);
  });

  it('does not audit an in-process event, and needs no caller for it', async () => {
    const { publisher, appended, commit } = setUp();
    const heard: string[] = [];
    publisher.listen(ThingWatched, (event) => heard.push(event.payload.id));
    await publisher.publish(null, new ThingWatched({ id: 't1' }));
    commit();
    expect(appended).toEqual([]);
    expect(heard).toEqual(['t1']);
  });

  it('refuses an audited event without a caller to name', async () => {
    const { publisher, appended } = setUp();
    await expect(publisher.publish(null, new ThingCreated({ id: 't1' }))).rejects.toThrow("thing.created is audited: publishing it needs the caller's context");
    expect(appended).toEqual([]);
  });

  it('registers nothing after commit for events nobody listens to, and one effect per listener', async () => {
    const { publisher, effects } = setUp();
    await publisher.publish(ctx, new ThingCreated({ id: 't1' }));
    expect(effects).toHaveLength(0);
    publisher.listen(ThingCreated, () => undefined);
    publisher.listen(ThingCreated, () => undefined);
    publisher.listen(ThingWatched, () => undefined);
    await publisher.publish(ctx, new ThingCreated({ id: 't2' }));
    expect(effects).toHaveLength(2);
  });

  describe('publishMany', () => {
    it('appends the audited events in one call, in order, and hands every event to listeners in order after commit', async () => {
      const { publisher, batches, appended, commit } = setUp();
      const heard: string[] = [];
      publisher.listen(ThingCreated, (event) => heard.push(`created ${event.payload.id}`));
      publisher.listen(ThingWatched, (event) => heard.push(`watched ${event.payload.id}`));
      const [t1, t2, t3] = ['t1', 't2', 't3'].map((id) => new ThingCreated({ id }));
      await publisher.publishMany(ctx, [t1, new ThingWatched({ id: 'w1' }), t2, t3]);
      expect(batches).toEqual([[t1, t2, t3]]);
      expect(appended).toEqual([]);
      expect(heard).toEqual([]);
      commit();
      expect(heard).toEqual(['created t1', 'watched w1', 'created t2', 'created t3']);
    });

    it('appends nothing for an empty list or a list of in-process events, which need no caller', async () => {
      const { publisher, batches, commit } = setUp();
      const heard: string[] = [];
      publisher.listen(ThingWatched, (event) => heard.push(event.payload.id));
      await publisher.publishMany(ctx, []);
      await publisher.publishMany(null, [new ThingWatched({ id: 'w1' }), new ThingWatched({ id: 'w2' })]);
      commit();
      expect(batches).toEqual([]);
      expect(heard).toEqual(['w1', 'w2']);
    });

    it('refuses the whole list, writing nothing and telling no one, when an audited event has no caller to name', async () => {
      const { publisher, batches, effects } = setUp();
      publisher.listen(ThingWatched, () => undefined);
      await expect(publisher.publishMany(null, [new ThingWatched({ id: 'w1' }), new ThingCreated({ id: 't1' })])).rejects.toThrow(
        "thing.created is audited: publishing it needs the caller's context",
      );
      expect(batches).toEqual([]);
      expect(effects).toHaveLength(0);
    });
  });
});
