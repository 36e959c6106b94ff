// Pure translations between our envelope and KurrentDB's records, revisions, positions and errors.
// Only `import type` from the client here: this file (and everything importing it) must not load the
// client at run time (see client.ts), and it is unit-tested without a server.
import type {
  AppendResult as KurrentAppendResult,
  AppendStreamState,
  Filter,
  JSONEventData,
  JSONEventType,
  NO_STREAM as KURRENT_NO_STREAM,
  Position,
  ReadPosition,
  RecordedEvent,
  RegexFilter,
} from '@kurrent/kurrentdb-client';
import { STREAM_ID_PATTERN, type Actor, type Envelope } from '@grid/contracts';
import { CorruptEventError } from '../hash-chain';

/** The client's NO_STREAM, spelled here so that using it does not load the client. */
export const NO_STREAM: typeof KURRENT_NO_STREAM = 'no_stream';

/**
 * Envelope fields kept in the event's metadata: everything but `data` and what Kurrent records itself
 * (event id, type, stream, revision, position). Correlation and causation use Kurrent's own `$correlationId`
 * / `$causationId` keys, so its `$by_correlation_id` projection and UI understand them.
 * `eventId` is kept only when Kurrent would not hand it back verbatim: it stores ids as UUIDs and returns
 * them lower-case, and the hash covers the id as the writer spelled it.
 */
export type EnvelopeMetadata = {
  schemaVersion: number;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  reason?: string;
  $correlationId: string;
  $causationId: string | null;
  traceparent: string | null;
  prevHash: string | null;
  hash: string;
  eventId?: string;
};

export type EnvelopeEventData = JSONEventData<JSONEventType<string, Record<string, unknown>, EnvelopeMetadata>>;

/** A sealed envelope, before the store gave it a position. */
export type SealedEnvelope = Omit<Envelope, 'globalPosition'>;

export function toEventData(envelope: SealedEnvelope): EnvelopeEventData {
  const metadata: EnvelopeMetadata = {
    schemaVersion: envelope.schemaVersion,
    occurredAt: envelope.occurredAt,
    recordedAt: envelope.recordedAt,
    actor: envelope.actor,
    ...(envelope.reason !== undefined ? { reason: envelope.reason } : {}),
    $correlationId: envelope.correlationId,
    $causationId: envelope.causationId,
    traceparent: envelope.traceparent,
    prevHash: envelope.prevHash,
    hash: envelope.hash,
    ...(envelope.eventId !== envelope.eventId.toLowerCase() ? { eventId: envelope.eventId } : {}),
  };
  return { id: envelope.eventId, contentType: 'application/json', type: envelope.type, data: envelope.data, metadata };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/** Whether a recorded event carries our envelope (anything else on the server is not ours and is skipped). */
export function hasEnvelopeMetadata(event: Pick<RecordedEvent, 'metadata'>): boolean {
  const m = event.metadata;
  return isObject(m) && typeof m.hash === 'string' && 'prevHash' in m && typeof m.recordedAt === 'string';
}

/**
 * Rebuilds the envelope from a recorded event; null when the event is not ours. No canonical text is
 * attached: it is not stored (it would double each event), so verification hashes the rebuilt envelope.
 */
export function fromRecorded(event: RecordedEvent): Envelope | null {
  if (!hasEnvelopeMetadata(event)) return null;
  const m = event.metadata as EnvelopeMetadata;
  const globalPosition = globalPositionOf(event);
  const streamRevision = revisionToNumber(event.revision);
  const fault = (problem: 'unreadable' | 'misplaced') =>
    new CorruptEventError({ eventId: m.eventId ?? event.id, streamId: event.streamId, streamRevision, globalPosition, problem });
  if (!event.isJson || !isObject(event.data)) throw fault('unreadable');
  if (m.eventId !== undefined && m.eventId.toLowerCase() !== event.id.toLowerCase()) throw fault('misplaced');
  return {
    eventId: m.eventId ?? event.id,
    type: event.type,
    schemaVersion: m.schemaVersion,
    streamId: event.streamId,
    streamRevision,
    globalPosition,
    occurredAt: m.occurredAt,
    recordedAt: m.recordedAt,
    actor: m.actor,
    ...(m.reason !== undefined ? { reason: m.reason } : {}),
    correlationId: m.$correlationId,
    causationId: m.$causationId,
    traceparent: m.traceparent,
    prevHash: m.prevHash,
    hash: m.hash,
    data: event.data as Record<string, unknown>,
  };
}

/** A foreign event inside one of our streams: reported like any event that cannot be handed out as hashed. */
export function foreignEventError(event: RecordedEvent): CorruptEventError {
  return new CorruptEventError({
    eventId: event.id,
    streamId: event.streamId,
    streamRevision: Number(event.revision),
    globalPosition: event.position ? Number(event.position.commit) : 0,
    problem: 'unreadable',
  });
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

export function revisionToNumber(revision: bigint): number {
  if (revision < 0n || revision > MAX) throw new Error(`stream revision ${revision} is outside the safe integer range`);
  return Number(revision);
}

/**
 * Our globalPosition is the commit position. Every event Kurrent writes through gRPC appends is its own
 * implicitly committed record, so commit = prepare = its log offset: unique per event, increasing in $all
 * order, but not contiguous (byte offsets). Stream reads carry it only from server 22.6 on.
 */
export function globalPositionOf(event: Pick<RecordedEvent, 'position' | 'streamId' | 'revision'>): number {
  const position = event.position;
  if (!position) {
    throw new Error(`KurrentDB returned ${event.streamId}@${event.revision} without its $all position: server 22.6 or later is required`);
  }
  if (position.commit < 1n || position.commit > MAX)
    throw new Error(`commit position ${position.commit} is outside the safe integer range`);
  return Number(position.commit);
}

/** Where a forward read of $all resumes after `globalPosition` (Kurrent's reads include that position). */
export function readPositionFrom(globalPosition: number): ReadPosition {
  if (!Number.isSafeInteger(globalPosition) || globalPosition < 0) throw new Error(`invalid global position ${globalPosition}`);
  if (globalPosition === 0) return 'start';
  const at = BigInt(globalPosition);
  return { commit: at, prepare: at };
}

/** Orders two $all positions (commit first, then prepare). */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/**
 * The stream state an append sends: always the concrete head the adapter read and chained onto, never
 * Kurrent's ANY — even for our 'any' — because prevHash is only right if nothing landed in between.
 */
export function streamStateFor(head: number | 'no-stream'): AppendStreamState {
  return head === 'no-stream' ? NO_STREAM : BigInt(head);
}

/** Kurrent's current stream state as our actual revision. */
export function actualRevisionOf(current: bigint | string): number | 'no-stream' {
  return typeof current === 'bigint' && current >= 0n ? revisionToNumber(current) : 'no-stream';
}

/**
 * A WrongExpectedVersionError as our actual revision; null for any other error. Matched by its `type`
 * rather than instanceof: the class lives in the lazily loaded client (and a second copy of the package
 * would have its own class).
 */
export function conflictOf(error: unknown): { actual: number | 'no-stream' } | null {
  if (!isObject(error) || error.type !== 'wrong-expected-version') return null;
  const current = error.actualState;
  return { actual: typeof current === 'bigint' || typeof current === 'string' ? actualRevisionOf(current) : 'no-stream' };
}

export const isStreamNotFound = (error: unknown): boolean => isObject(error) && error.type === 'stream-not-found';
/** A tombstoned (hard-deleted) stream: read as missing, as the port reads every deleted stream. */
export const isStreamDeleted = (error: unknown): boolean => isObject(error) && (error.type === 'stream-deleted' || error.type === 'stream-tombstoned');
export const isAccessDenied = (error: unknown): boolean => isObject(error) && error.type === 'access-denied';

/**
 * Server-side filter for reads of $all: only streams named like ours (`<category>-<id>`). It keeps out
 * system streams (`$…`, links, metadata), our own bookkeeping (`$grid-…`) and most foreign streams;
 * what still slips through without our metadata is skipped client-side. The pattern is plain enough to
 * mean the same in .NET's regex engine, which evaluates it.
 */
export const OUR_STREAMS_FILTER: RegexFilter = { filterOn: 'streamName', regex: STREAM_ID_PATTERN.source, checkpointInterval: 1 };

/**
 * The server-side filter of a subscription: the streams of its categories (`<category>-` prefixes, as
 * categoryOf cuts them), else every stream named like ours.
 */
export function subscriptionFilter(categories?: string[]): Filter {
  if (!categories) return OUR_STREAMS_FILTER;
  // No category at all: a pattern no stream name matches (an empty prefix list would mean another thing to each server).
  if (categories.length === 0) return { filterOn: 'streamName', regex: '^$', checkpointInterval: 1 };
  return { filterOn: 'streamName', prefixes: categories.map((c) => `${c}-`), checkpointInterval: 1 };
}

/**
 * The global position an append answers with: the commit position of the batch's last event (an
 * idempotent re-append answers the stored last event's). Its prepare position is the batch's first record.
 */
export function appendedPosition(result: Pick<KurrentAppendResult, 'position'>, streamId: string): number {
  const commit = result.position?.commit;
  if (commit === undefined || commit < 1n || commit > MAX) throw new Error(`KurrentDB answered an append to ${streamId} without a usable position (${commit})`);
  return Number(commit);
}

/**
 * Bookkeeping streams start with `$`: never a valid stream id of ours (no collision with the domain's
 * `grid-*` streams), outside Kurrent's category projections, and filtered out of reads by the above.
 */
export const DEFAULT_CHECKPOINT_STREAM = '$grid-checkpoint';
export const checkpointStreamOf = (prefix: string, name: string): string => `${prefix}-${name}`;
export const CHECKPOINT_TYPE = 'grid.checkpoint.saved';

export function parseCheckpoint(data: unknown): number | undefined {
  return isObject(data) && Number.isSafeInteger(data.position) ? (data.position as number) : undefined;
}
