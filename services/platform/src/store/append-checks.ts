import { EnvelopeSchema, EVENT_TYPE_PATTERN, ROLE_PATTERN, STREAM_ID_PATTERN, type Actor, type Envelope, type NewEvent } from '@grid/contracts';
import { DuplicateEventError, type AppendedEvent, type AppendResult } from './event-store';
import { matchesStored, sealPrepared, type PreparedEvent, type SealedEvent } from './envelope-builder';
import { canonicalCopy, NotJsonError, type CanonicalCopy } from './json-value';

/** A new event the store refuses to seal (bad type or stream name, data that is not JSON, …). */
export class InvalidEventError extends Error {
  readonly code = 'invalid-event';
  constructor(
    readonly streamId: string,
    readonly index: number,
    detail: string,
  ) {
    super(`stream ${streamId}, event ${index}: ${detail}`);
  }
}

const field = EnvelopeSchema.shape;
/** Optional fields a writer may give, checked by the contract's own schema for that field when given. */
const GIVEN_FIELDS = ['eventId', 'schemaVersion', 'occurredAt', 'reason', 'correlationId', 'causationId', 'traceparent'] as const;

/** The contract's complaint about one field's value, or null when the envelope schema accepts it. */
function fieldProblem(name: keyof typeof field, value: unknown): string | null {
  const checked = field[name].safeParse(value);
  return checked.success ? null : `${name}: ${checked.error.issues.map((i) => i.message).join('; ')}`;
}

/**
 * Checks every event before anything is sealed, field by field against the envelope contract (the same
 * zod schemas, run only on what the writer gave; the store's own fields are valid by construction), and
 * copies `data` and `actor` as JSON carries them, writing their canonical text on the way: the envelope
 * handed on is what a read returns later (a Date in `data` comes back as its ISO string, in every adapter
 * alike), and nothing sealed is parsed back. Refuses, naming the event and the field: data that is not a
 * JSON object (BigInt, NaN, ±Infinity, functions, cycles), a bad type, uuid, actor, date, …
 */
function checkedEvent(streamId: string, e: NewEvent, index: number): PreparedEvent {
  const refuse = (detail: string) => new InvalidEventError(streamId, index, detail);
  if (typeof e !== 'object' || e === null) throw refuse('not an event');
  if (typeof e.type !== 'string' || !EVENT_TYPE_PATTERN.test(e.type)) {
    const problem = fieldProblem('type', e.type);
    if (problem) throw refuse(problem);
  }
  for (const name of GIVEN_FIELDS) {
    if (e[name] === undefined) continue;
    const problem = fieldProblem(name, e[name]);
    if (problem) throw refuse(problem);
  }
  const actorCopy = jsonValue(e.actor, 'actor', refuse);
  const actor = actorCopy.value as Actor;
  if (typeof actor?.id !== 'string' || actor.id.length < 1 || actor.id.length > 200 || typeof actor.role !== 'string' || actor.role.length > 60 || !ROLE_PATTERN.test(actor.role)) {
    const problem = fieldProblem('actor', actor);
    if (problem) throw refuse(problem);
  }
  const dataCopy = jsonValue(e.data, 'data', refuse);
  const data = dataCopy.value;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw refuse('data: must be a JSON object');
  return {
    event: { ...e, actor, data: data as Record<string, unknown> },
    written: { actor: actorCopy.text, data: dataCopy.text },
  };
}

function jsonValue(value: unknown, name: string, refuse: (detail: string) => Error): CanonicalCopy {
  try {
    return canonicalCopy(value);
  } catch (error) {
    if (error instanceof NotJsonError) throw refuse(`${error.where(name)}: ${error.detail}`);
    // A cycle (or absurd nesting) overflows the stack.
    if (error instanceof RangeError) throw refuse(`${name}: cannot be serialised: ${error.message}`);
    throw error;
  }
}

/**
 * Checks the stream id and the events (checkedEvent), then seals them as sealEvents does. All or nothing:
 * one refused event refuses the batch before any is sealed. An empty batch is not checked.
 */
export function sealChecked(
  streamId: string,
  head: { revision: number; hash: string } | null,
  events: NewEvent[],
  recordedAt?: string,
): SealedEvent[] {
  if (events.length === 0) return [];
  const problem =
    (STREAM_ID_PATTERN.test(streamId) ? null : fieldProblem('streamId', streamId)) ??
    (recordedAt === undefined ? null : fieldProblem('recordedAt', recordedAt));
  if (problem) throw new InvalidEventError(streamId, 0, problem);
  return sealPrepared(
    streamId,
    head,
    events.map((e, index) => checkedEvent(streamId, e, index)),
    recordedAt,
  );
}

/**
 * Idempotent re-append for stores that index every id (SQLite, memory): returns the stored events when every
 * eventId of the batch is already stored, in order, in this stream, with the same types; null when none is
 * stored. Anything in between (some stored, another stream, another type, an id twice in one batch) is a
 * DuplicateEventError: never half a replay. Stricter than the port asks (event-store.ts): it finds the batch
 * anywhere in the stream, and an id anywhere at all.
 */
export function findReplay(streamId: string, events: NewEvent[], lookup: (eventId: string) => Envelope | undefined): Envelope[] | null {
  const seen = new Set<string>();
  for (const e of events) {
    if (e.eventId === undefined) continue;
    if (seen.has(e.eventId)) throw new DuplicateEventError(e.eventId, 'appears twice in one append');
    seen.add(e.eventId);
  }
  const stored = events.map((e) => (e.eventId === undefined ? undefined : lookup(e.eventId)));
  const firstHit = stored.find((e) => e !== undefined);
  if (!firstHit) return null;
  const inPlace = stored.every((e, i) => e !== undefined && e.streamId === streamId && e.streamRevision === firstHit.streamRevision + i);
  if (!inPlace || !matchesStored(events, stored)) {
    throw new DuplicateEventError(firstHit.eventId, 'already stored with other content or in another place');
  }
  return stored as Envelope[];
}

/** An envelope as an append answers it: without its global position (AppendedEvent). */
export function appended(event: Envelope): AppendedEvent {
  const { globalPosition: _position, ...rest } = event;
  return rest;
}

/** The answer to an idempotent re-append: the stored batch, its last revision and position. */
export function replayResult(replay: Envelope[]): AppendResult {
  const tail = replay[replay.length - 1]!;
  return { nextRevision: tail.streamRevision, position: tail.globalPosition, events: replay.map(appended) };
}
