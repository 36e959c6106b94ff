import type { Actor } from '@grid/contracts';
import type { Clock } from '../application/clock';
import { hashedUuid } from '../store/event-id';
import type { CommandContext } from '../decider/command-types';
import type { EventStore } from '../store/event-store';
import { aggregateAsOf, type AggregateAsOf } from './as-of';
import type { AuditedAggregate } from './audited-aggregate';
import { causesInStore } from './causes';

/** The day's audit stream of a service: who asked which audit question about what, when (contracts platform.ts). */
export const auditLogStream = (service: string, day: string): string => `auditlog-${service}-${day}`;

export interface AsOfQuestion {
  aggregate: AuditedAggregate<never>;
  id: string;
  /** Default today (the clock's). */
  validAt?: string;
  /** An ISO timestamp (knownAtOf turns a date into the end of its day); default now. */
  knownAt?: string;
}

/**
 * As-of / known-at for any aggregate a service declares (docs/audit.md): the question recorded first on the
 * service's audit stream (ids and dates only), then answered from the store alone, causes followed through it.
 */
export class AuditAsOf {
  constructor(private readonly deps: { service: string; store: EventStore; clock: Clock }) {}

  /** The aggregate's whole stream; empty when it never existed (the caller answers 404 before recording anything). */
  history(aggregate: AuditedAggregate<never>, id: string) {
    return this.deps.store.readStream(aggregate.stream(id));
  }

  async answer(question: AsOfQuestion, ctx: CommandContext): Promise<AggregateAsOf> {
    const { aggregate, id } = question;
    const validAt = question.validAt ?? this.deps.clock.today();
    const knownAt = question.knownAt ?? this.deps.clock.now();
    await this.record(aggregate.name, id, { validAt, knownAt }, ctx);
    const events = await this.history(aggregate, id);
    return aggregateAsOf(aggregate, id, events, { validAt, knownAt }, await causesInStore(this.deps.store, events));
  }

  private async record(aggregate: string, id: string, parameters: Record<string, string>, ctx: CommandContext): Promise<void> {
    const at = this.deps.clock.now();
    const by: Actor = ctx.actor;
    await this.deps.store.append(
      auditLogStream(this.deps.service, at.slice(0, 10)),
      [
        {
          ...(ctx.idSeed ? { eventId: hashedUuid(ctx.idSeed, 'audit-query', 0) } : {}),
          type: 'platform.audit.query-recorded',
          data: { service: this.deps.service, query: 'as-of', subject: { aggregate, id }, parameters, by },
          occurredAt: at,
          actor: by,
          ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}),
          ...(ctx.traceparent !== undefined ? { traceparent: ctx.traceparent } : {}),
        },
      ],
      { expectedRevision: 'any' },
    );
  }
}
