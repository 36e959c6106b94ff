import type { Actor } from '@grid/contracts';
import type { AppendedEvent, AppendOptions, AppendResult, EventStore } from '../store/event-store';
import type { Decider } from './decider';

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
  /**
   * What this command's event ids (and any new aggregate ids) derive from: a retried request (same Idempotency-Key),
   * a redelivered reaction (the causing event's id) or the demo seed carries the same seed, so it writes the same
   * ids and the store takes a repeated append as done. Absent: fresh ids.
   */
  idSeed?: string;
}

export interface HandleResult<State> extends Partial<AppendResult> {
  state: State;
  /** Stream revision after handling (-1 for a stream that still does not exist). */
  revision: number;
  appended: AppendedEvent[];
}

/** A decision the caller makes on the stream's current state (it may read what else it needs first). */
export type Decision<State, Event> = (state: State, revision: number) => Event[] | Promise<Event[]>;

export interface CommandHandlerOptions<Command, Event extends DomainEvent, State> {
  store: EventStore;
  /** The decider, or only its fold (initialState, evolve) when every call passes its own Decision. */
  decider: Decider<Command, Event, State> | Pick<Decider<Command, Event, State>, 'initialState' | 'evolve'>;
  /** A stored envelope as the decider's event (default: type, data, occurredAt). */
  toEvent?: (e: AppendedEvent) => Event;
  /** Decisions made before a conflict is thrown (default 10, with a jittered wait between them). */
  maxAttempts?: number;
  /** Streams whose folded state is kept (LRU); 0 reads every stream whole each time. */
  cachedStreams?: number;
  /**
   * How event ids derive from `ctx.idSeed`: by stream and index in the decision (default), so a retried request that
   * decides the same events again finds them stored; or by stream and revision, for streams that one request may
   * write twice (a claim, then its release), where a retry must never be taken for the earlier append.
   */
  idsBy?: 'index' | 'revision';
}

export interface HandleOptions {
  /** The command type in spans and metrics for a Decision (a command object names itself by its `type`). */
  type?: string;
  answerAt?: AppendOptions['answerAt'];
}
