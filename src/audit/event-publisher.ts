import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../libs/core';
import { Db } from '../../libs/database';
import { DomainEvent, DomainEventClass } from '../../libs/events';
import { AuditService } from './audit.service';

/**
 * The one way a change is announced. In the change's transaction it appends the audit event
 * and its outbox row (which the change feed reads and the webhook dispatcher delivers); once
 * that transaction commits, and never if it rolls back, it hands the event to the in-process
 * listeners (graphql-ws subscriptions). Callers never register after-commit effects for events.
 */
@Injectable()
export class EventPublisher {
  private readonly listeners = new Map<string, ((event: DomainEvent) => void)[]>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /**
   * Publishes `event` in the current transaction. `ctx` is the caller the audit log names (a
   * system context for the scheduler and the webhook worker); null only for events that are
   * not audited and concern every tenant at once, e.g. the scheduler's escalations.
   */
  async publish(ctx: RequestContext | null, event: DomainEvent): Promise<void> {
    if (event.audited) {
      if (!ctx) throw new Error(`${event.type} is audited: publishing it needs the caller's context`);
      await this.audit.append(ctx, event);
    }
    this.notifyAfterCommit([event]);
  }

  /**
   * Publishes `events` in this order, as many `publish` calls would, for a fixed number of
   * statements whatever their number (AuditService.appendMany): for a mutation that creates
   * many entities at once, e.g. an ingest of a batch. Checks every event before writing any.
   */
  async publishMany(ctx: RequestContext | null, events: readonly DomainEvent[]): Promise<void> {
    const audited = events.filter((event) => event.audited);
    if (audited.length) {
      if (!ctx) throw new Error(`${audited[0].type} is audited: publishing it needs the caller's context`);
      await this.audit.appendMany(ctx, audited);
    }
    this.notifyAfterCommit(events);
  }

  /** One effect per listener and event, in order: a listener that throws does not keep the others from the event. */
  private notifyAfterCommit(events: readonly DomainEvent[]): void {
    for (const event of events) {
      for (const listener of this.listeners.get(event.type) ?? []) this.db.afterCommit(() => listener(event));
    }
  }

  /** Runs `listener` with each event of this class once the transaction that published it commits. */
  listen<E extends DomainEvent>(eventClass: DomainEventClass<E>, listener: (event: E) => void): void {
    const listeners = this.listeners.get(eventClass.type) ?? [];
    listeners.push(listener as (event: DomainEvent) => void);
    this.listeners.set(eventClass.type, listeners);
  }
}
