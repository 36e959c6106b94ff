import type { Envelope, NewEvent } from '@grid/contracts';

/** Optimistic concurrency: the stream's current revision, `no-stream` (must not exist) or `any`. */
export type ExpectedRevision = number | 'no-stream' | 'any';

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
  /**
   * When the append is answered. `durable` (the default): once it would survive a power cut. `commit`: once
   * committed, i.e. seen by readStream and by every later append's revision check, possibly before it is on
   * disk. Only for a step the caller makes durable with a LATER append to the same store before acknowledging
   * anything (a reservation ahead of the write it guards): the store keeps one ordered log, so whatever makes
   * the later append durable makes this one durable too, and a crash before that loses both, never this one
   * alone while the later one stays. Readers of the log (readAll, subscriptions) still see it only once durable.
   * Stores that are durable when committed answer as for `durable`.
   */
  answerAt?: 'durable' | 'commit';
}

/**
 * An appended event as the append answers it: the whole envelope but its global position. A network store
 * learns only the batch's last position from its append (KurrentDB); the rest would cost a read per append.
 */
export type AppendedEvent = Omit<Envelope, 'globalPosition'>;

export interface AppendResult {
  /** Revision of the batch's last event; for an empty append, the stream's revision (-1: no stream). */
  nextRevision: number;
  /** Global position of the batch's last event (0 for an empty append): what read-your-writes waits for. */
  position: number;
  /**
   * The batch as stored. One exception, on KurrentDB: when two appends of the same ids at the same place race,
   * the server answers the later one from its own idempotency check, and that caller gets the events as it
   * sealed them (ids, types, data, revisions, prevHash and position as stored; its own recordedAt and hash).
   */
  events: AppendedEvent[];
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive; default: the first (forwards) or the last (backwards) event. */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: the position already seen; events after it are read. 0 = from the start. */
  fromPosition?: number;
  batchSize?: number;
}

export interface ReadEventsOptions {
  /** Exclusive: only events before this position (a cause is always before its effect). KurrentDB reads `$all` back from here. */
  before?: number;
}

export interface ReadCausedByOptions {
  /** Exclusive: only events after this position (an effect is always after its cause). KurrentDB reads `$all` on from here. */
  after?: number;
}

export type EventHandler = (event: Envelope) => Promise<void> | void;

export interface SubscribeOptions {
  /** Exclusive start when no checkpoint is stored yet (default 0). */
  fromPosition?: number;
  /** Durable checkpoint name: a restarted subscription resumes after the last handled event. */
  checkpoint?: string;
  /** Optional filter on the stream category (e.g. ['household']). */
  categories?: string[];
}

export interface Subscription {
  /** Resolves once the subscription has delivered everything written before this call. */
  caughtUp(): Promise<void>;
  /** The last position handled (and checkpointed, when named). */
  position(): number;
  /** Resolves once the events up to `position` are handled (at once when closed): read-your-writes without polling. */
  reached(position: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The event store port: the only source of truth (docs/architecture.md).
 *
 * Event ids are idempotency keys per stream, as KurrentDB (and most event stores) give them. A re-append
 * succeeds, adds nothing and answers the stored batch when its ids are stored in this stream, in order:
 *   - right after the expected revision (the same append sent again with the same expected revision, also
 *     after other events landed behind it), or
 *   - as the stream's last events (a retry that re-read the stream and expects its current revision, or `any`).
 * A batch that overlaps stored ids otherwise (some of them, another order, another type) is a DuplicateEventError.
 * Ids are NOT checked across streams, nor elsewhere in the stream: keeping them unique is the writer's job
 * (uuidv7, or derived from an Idempotency-Key and the stream). SQLite and memory index every id and refuse a
 * reuse anywhere; KurrentDB looks only at the events it reads for the append (see kurrentdb/README.md).
 */
export interface EventStore {
  /** Appends all or nothing, at the expected revision; a re-append of stored ids is an idempotent success (above). */
  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** Events of one stream; an empty array for a missing stream. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<Envelope[]>;
  /** Every event in global order. */
  readAll(options?: ReadAllOptions): AsyncIterable<Envelope>;
  /**
   * The events with these ids, from any stream, in global order; ids not stored are left out. Indexed on SQLite and
   * memory; KurrentDB has no index by id over `$all` and reads it backwards until every id is found (README.md).
   */
  readEvents(eventIds: readonly string[], options?: ReadEventsOptions): Promise<Envelope[]>;
  /**
   * The events whose `causationId` is one of these ids, from any stream, in global order: what they caused directly.
   * Indexed on SQLite and memory; KurrentDB reads `$all` from `after` to the head (README.md).
   */
  readCausedBy(eventIds: readonly string[], options?: ReadCausedByOptions): Promise<Envelope[]>;
  /** Position of the last event written (0 when empty). */
  headPosition(): Promise<number>;
  /** Delivers every event after the start, then live ones, in global order, one at a time. */
  subscribeToAll(handler: EventHandler, options?: SubscribeOptions): Promise<Subscription>;
  close(): Promise<void>;
}

export class ConcurrencyError extends Error {
  readonly code = 'concurrency-conflict';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no-stream',
  ) {
    super(`stream ${streamId}: expected revision ${expected}, actual ${actual}`);
  }
}

/** The same eventId was appended before with other content or to another place. */
export class DuplicateEventError extends Error {
  readonly code = 'duplicate-event';
  constructor(readonly eventId: string, detail: string) {
    super(`event ${eventId}: ${detail}`);
  }
}
