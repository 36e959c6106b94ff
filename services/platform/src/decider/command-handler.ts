import { uuidv7 } from '../store/event-id';
import type { Actor, Envelope, NewEvent } from '@grid/contracts';
import { ConcurrencyError, type AppendResult, type EventStore, type ExpectedRevision } from '../store/event-store';
import { fold, type Decider } from './decider';
import { traceAppend, traceCommand } from '../telemetry/command-telemetry'; // telemetry hooks

/** A domain event as deciders emit it: type + data, optionally its own effective date. */
export interface DomainEvent {
  type: string;
  data: Record<string, unknown>;
  schemaVersion?: number;
  occurredAt?: string;
}

export interface CommandContext {
  actor: Actor;
  reason?: string;
  correlationId?: string;
  causationId?: string | null;
  traceparent?: string | null;
  /** Effective date for events that do not carry their own. */
  occurredAt?: string;
  /** The caller's If-Match: the revision it last saw. A mismatch is a conflict, never retried. */
  expectedRevision?: number | 'no-stream';
  /** Stable ids for a retried request (Idempotency-Key), one per emitted event, in order. */
  eventIds?: string[];
}

export interface HandleResult<State> extends Partial<AppendResult> {
  state: State;
  /** Stream revision after handling (-1 for a stream that still does not exist). */
  revision: number;
  appended: Envelope[];
}

/**
 * read stream → fold → decide → append with the expected revision; on a conflict the stream is re-read
 * and the command decided again (another writer won the race), at most `maxAttempts` times.
 */
export class CommandHandler<Command, Event extends DomainEvent, State> {
  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, Event, State>,
    private readonly toEvent: (e: Envelope) => Event = (e) => ({ type: e.type, data: e.data, occurredAt: e.occurredAt }) as Event,
    private readonly maxAttempts = 5,
  ) {}

  async load(streamId: string): Promise<{ state: State; revision: number }> {
    const events = await this.store.readStream(streamId);
    return { state: fold(this.decider, events.map(this.toEvent)), revision: events.length - 1 };
  }

  async handle(streamId: string, command: Command, ctx: CommandContext): Promise<HandleResult<State>> {
    // telemetry: a span `command <type>` and the grid.commands counter; the envelopes carry this span's traceparent
    return traceCommand(streamId, command, ctx, (traced) => this.decideAndAppend(streamId, command, traced));
  }

  private async decideAndAppend(streamId: string, command: Command, ctx: CommandContext): Promise<HandleResult<State>> {
    for (let attempt = 1; ; attempt += 1) {
      const { state, revision } = await this.load(streamId);
      if (ctx.expectedRevision !== undefined) {
        const actual = revision < 0 ? 'no-stream' : revision;
        if (actual !== ctx.expectedRevision) throw new ConcurrencyError(streamId, ctx.expectedRevision, actual);
      }
      const decided = this.decider.decide(command, state);
      if (decided.length === 0) return { state, revision, appended: [] };
      const expected: ExpectedRevision = revision < 0 ? 'no-stream' : revision;
      try {
        const events = decided.map((e, i) => this.toNew(e, ctx, i));
        // telemetry: a span `append <category>` timed into grid.event_store.append.duration
        const result = await traceAppend(streamId, events.length, () => this.store.append(streamId, events, { expectedRevision: expected }));
        return { ...result, state: fold(this.decider, decided, state), revision: result.nextRevision, appended: result.events };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || ctx.expectedRevision !== undefined || attempt >= this.maxAttempts) throw error;
      }
    }
  }

  private toNew(e: Event, ctx: CommandContext, index: number): NewEvent {
    const occurredAt = e.occurredAt ?? ctx.occurredAt;
    return {
      eventId: ctx.eventIds?.[index] ?? uuidv7(),
      type: e.type,
      schemaVersion: e.schemaVersion ?? 1,
      data: e.data,
      actor: ctx.actor,
      ...(occurredAt !== undefined ? { occurredAt } : {}),
      ...(ctx.reason !== undefined ? { reason: ctx.reason } : {}),
      ...(ctx.correlationId !== undefined ? { correlationId: ctx.correlationId } : {}),
      ...(ctx.causationId !== undefined ? { causationId: ctx.causationId } : {}),
      ...(ctx.traceparent !== undefined ? { traceparent: ctx.traceparent } : {}),
    };
  }
}
