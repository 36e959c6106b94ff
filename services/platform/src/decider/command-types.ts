import type { Actor, Envelope } from '@grid/contracts';
import type { AppendResult } from '../store/event-store';

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
