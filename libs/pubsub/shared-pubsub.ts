import { PubSub, PubSubEngine } from 'graphql-subscriptions';
import { decodeEvent, encodeEvent } from './event-codec';

/** Where the pub/sub reports trouble (a Nest Logger). */
export interface PubSubLog {
  log(message: string): void;
  warn(message: string): void;
}

/** What carries encoded events between publishers and subscribers: in-process, or Redis. */
export interface PubSubBackend {
  readonly kind: 'in-process' | 'redis';
  readonly engine: PubSubEngine;
  /** Both connections up (always for in-process). */
  connected(): boolean;
  close(): Promise<void>;
}

type Listener = (payload: unknown) => void;

interface Topic {
  /** The backend's subscription for this topic, one per topic and process. */
  backendId: Promise<number>;
  /** Subscriptions taken or being taken: the backend's is dropped when none is left. */
  refs: number;
  listeners: Map<number, Listener>;
}

/**
 * Every subscription's publish/subscribe (approvalQueueChanged, inboxChanged), one per process.
 * A publisher hears its own events back through the backend like every other process, so an
 * event reaches subscribers on every replica in the order it was published. Events are encoded
 * as JSON (event-codec.ts) on both backends. A publish that fails (Redis down past its retries)
 * is logged and lost to live subscribers only: the audit log, change feed and webhooks keep it.
 */
export class SharedPubSub extends PubSubEngine {
  private readonly topics = new Map<string, Topic>();
  private readonly subscriptions = new Map<number, string>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly backend: PubSubBackend,
    /** Put before every topic: processes share events only with the same prefix. */
    private readonly prefix: string,
    private readonly log: PubSubLog,
  ) {
    super();
  }

  get kind(): PubSubBackend['kind'] {
    return this.backend.kind;
  }

  /** Whether events can flow now (Redis: both connections ready); for readiness checks. */
  connected(): boolean {
    return !this.closed && this.backend.connected();
  }

  /** Never rejects: callers publish after commit, where nobody could act on a failure. */
  async publish(topic: string, payload: unknown): Promise<void> {
    try {
      await this.backend.engine.publish(this.prefix + topic, encodeEvent(payload));
    } catch (error) {
      this.log.warn(`could not publish an event on ${topic}: ${(error as Error).message}`);
    }
  }

  /** Resolves once events of `topic` reach this process (Redis: the SUBSCRIBE is acknowledged). */
  async subscribe<T = unknown>(topic: string, onMessage: (payload: T) => void): Promise<number> {
    if (this.closed) throw new Error('The pub/sub is closed');
    let entry = this.topics.get(topic);
    if (!entry) {
      const created: Topic = { refs: 0, listeners: new Map(), backendId: this.backend.engine.subscribe(this.prefix + topic, (message: string) => this.deliver(created, message), {}) };
      entry = created;
      this.topics.set(topic, entry);
    }
    entry.refs += 1;
    try {
      await entry.backendId;
    } catch (error) {
      entry.refs -= 1;
      if (this.topics.get(topic) === entry) this.topics.delete(topic);
      throw error;
    }
    const id = this.nextId++;
    entry.listeners.set(id, onMessage as Listener);
    this.subscriptions.set(id, topic);
    return id;
  }

  unsubscribe(id: number): void {
    const topic = this.subscriptions.get(id);
    if (topic === undefined) return;
    this.subscriptions.delete(id);
    const entry = this.topics.get(topic)!;
    entry.listeners.delete(id);
    entry.refs -= 1;
    if (entry.refs > 0) return;
    this.topics.delete(topic);
    // After close the connections are gone, and with them the backend's subscriptions.
    if (!this.closed) void entry.backendId.then((backendId) => this.backend.engine.unsubscribe(backendId)).catch(() => undefined);
  }

  /** The live subscriptions to `topic` in this process (tests wait for a subscription to be live). */
  listenerCount(topic: string): number {
    return this.topics.get(topic)?.listeners.size ?? 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.backend.close();
  }

  /** Decoded once for every subscriber of the process; a subscriber that throws does not keep the others from it. */
  private deliver(entry: Topic, message: string): void {
    let payload: unknown;
    try {
      payload = decodeEvent(message);
    } catch (error) {
      this.log.warn(`dropped an event that is not JSON: ${(error as Error).message}`);
      return;
    }
    for (const listener of [...entry.listeners.values()]) {
      try {
        listener(payload);
      } catch (error) {
        this.log.warn(`a subscriber failed on an event: ${(error as Error).message}`);
      }
    }
  }
}

/** The embedded default: one process, nothing to install. */
export function inProcessBackend(): PubSubBackend {
  return { kind: 'in-process', engine: new PubSub(), connected: () => true, close: async () => undefined };
}
