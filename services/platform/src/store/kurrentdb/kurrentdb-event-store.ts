import { randomUUID, type KeyObject } from 'node:crypto';
import type { Envelope, NewEvent } from '@grid/contracts';
import type { AppendStreamState, Filter, Position, ReadPosition, RecordedEvent } from '@kurrent/kurrentdb-client';
import {
  ConcurrencyError,
  type AppendedEvent,
  type AppendOptions,
  type AppendResult,
  type EventHandler,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadCausedByOptions,
  type ReadEventsOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type Subscription,
} from '../event-store';
import { findReplay, replayResult, sealChecked } from '../append-checks';
import { anchorIfDue } from '../anchor-log';
import { keptOpenIn, type CheckpointStore } from '../subscription';
import { checkExpected } from '../stream-rules';
import { startCatchUpSubscription, type CatchUpSource, type ServerSubscription } from './catch-up-subscription';
import { createClient, type KurrentClient } from './client';
import {
  actualRevisionOf,
  appendedPosition,
  CHECKPOINT_TYPE,
  checkpointStreamOf,
  comparePositions,
  conflictOf,
  DEFAULT_CHECKPOINT_STREAM,
  foreignEventError,
  fromRecorded,
  globalPositionOf,
  hasEnvelopeMetadata,
  isAccessDenied,
  isStreamDeleted,
  isStreamNotFound,
  OUR_STREAMS_FILTER,
  parseCheckpoint,
  readPositionFrom,
  streamStateFor,
  toEventData,
} from './mapping';

export interface KurrentDbEventStoreOptions {
  /** e.g. `kurrentdb://admin:changeit@db:2113` or `kurrentdb://localhost:2113?tls=false`. */
  connectionString: string;
  /** Prefix of the named-checkpoint streams: checkpoint `n` lives in `<checkpointStream>-n` (default `$grid-checkpoint`). */
  checkpointStream?: string;
  /** How long connect keeps trying to reach the server before failing (ms, default 15000). */
  connectTimeoutMs?: number;
  /** Anchors the log every `everyMs` over what this client reads (anchor-log.ts anchorIfDue): one per interval across processes, none when nothing was appended since. */
  anchors?: { key: KeyObject; everyMs: number };
}

const MAX_ATTEMPTS = 10;
const ANCHOR_ACTOR = { id: 'platform-anchor', role: 'system' } as const;
/** Events read behind a batch's place on each append: a re-append of a batch up to this far back is found in that read. */
const LOOK_BACK = 32;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A conflict to resolve by starting the append over from its read; `last` is what to throw when attempts run out. */
class TryAgain extends Error {
  constructor(readonly last: Error) {
    super(last.message);
  }
}

/** A lost race: 'any' starts over on the new head; any other expectation is the caller's conflict. */
const conflictError = (error: ConcurrencyError): Error => (error.expected === 'any' ? new TryAgain(error) : error);

/**
 * The production EventStore on KurrentDB (EventStoreDB's successor, same gRPC protocol): our stream ids are
 * Kurrent stream names, our eventId its event id, the envelope (less data) its metadata, globalPosition its
 * commit position. An append is at most one read and one append at the server's own expected revision;
 * subscriptions are the server's catch-up subscriptions to $all (README.md).
 */
export class KurrentDbEventStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();
  private readonly inflight = new Set<Promise<unknown>>();
  // Checkpoint streams whose $maxCount this instance has set (once each: only the last position matters).
  private readonly trimmed = new Set<string>();
  private readonly checkpointPrefix: string;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closing: Promise<void> | null = null;
  private anchorTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly client: KurrentClient,
    options: Omit<KurrentDbEventStoreOptions, 'connectionString'>,
  ) {
    this.checkpointPrefix = options.checkpointStream ?? DEFAULT_CHECKPOINT_STREAM;
  }

  static async connect(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore> {
    try {
      return await KurrentDbEventStore.withClient(await createClient(options.connectionString), options);
    } catch (error) {
      // Name the server (never its password): the client's own errors do not say which one it was.
      const where = options.connectionString.replace(/\/\/[^@/]*@/, '//***@');
      throw new Error(`KurrentDB at ${where}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Over a client already made (or a stand-in in tests); the store disposes of it on close. */
  static async withClient(
    client: KurrentClient,
    options: Omit<KurrentDbEventStoreOptions, 'connectionString'> = {},
  ): Promise<KurrentDbEventStore> {
    const store = new KurrentDbEventStore(client, options);
    try {
      await store.probe(options.connectTimeoutMs ?? 15_000);
    } catch (error) {
      await client.dispose();
      throw error;
    }
    if (options.anchors) store.scheduleAnchors(options.anchors.key, options.anchors.everyMs);
    return store;
  }

  /** Looks hourly (or every interval, when shorter), from an hour after connecting, whether an anchor is due. */
  private scheduleAnchors(key: KeyObject, everyMs: number): void {
    const tick = () =>
      void anchorIfDue(this, key, everyMs, ANCHOR_ACTOR).catch((error: unknown) => {
        if (this.state === 'open') process.emitWarning(`anchoring the event log failed: ${(error as Error).message}`);
      });
    this.anchorTimer = setInterval(tick, Math.min(everyMs, 3_600_000)).unref();
  }

  // Fails fast on a wrong address or missing rights: reading $all needs an admin (or an ACL granting it).
  // A server that has just started may refuse for a moment (not leader yet), so transient errors are retried.
  private async probe(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        for await (const _ of this.client.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 }));
        return;
      } catch (error) {
        if (isAccessDenied(error) || Date.now() >= deadline) {
          throw new Error(`cannot read $all on KurrentDB: ${(error as Error).message}`, { cause: error });
        }
        await sleep(250);
      }
    }
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.state !== 'open') return Promise.reject(new Error('event store is closed'));
    const running = this.appendWithRetries(streamId, events, options.expectedRevision);
    this.inflight.add(running);
    const done = () => void this.inflight.delete(running);
    running.then(done, done);
    return running;
  }

  private async appendWithRetries(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    // Refused before any I/O: an id twice in one batch, and events that cannot be sealed.
    findReplay(streamId, events, () => undefined);
    sealChecked(streamId, null, events);
    if (events.length === 0) return this.appendNothing(streamId, expected);
    if (expected === 'no-stream') return this.appendToNewStream(streamId, events);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.appendOnce(streamId, events, expected);
      } catch (error) {
        if (!(error instanceof TryAgain)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw error.last;
      }
    }
  }

  /**
   * A new stream chains onto nothing, so nothing is read first: one append at Kurrent's NO_STREAM, which the
   * server also answers as an idempotent success when these ids already begin the stream, then one read of what
   * is stored there (whoever's copy it is: this call's, an earlier call's, or a racing twin's).
   */
  private async appendToNewStream(streamId: string, events: NewEvent[]): Promise<AppendResult> {
    const sealed = sealChecked(streamId, null, events).map((s) => s.envelope);
    await this.write(streamId, sealed, 'no-stream', 'no-stream');
    const stored = await this.readStream(streamId, { maxCount: sealed.length });
    // The sealed ids, not the given ones: ids the store filled in must be found too.
    const written = sealed.map((e) => ({ ...e, causationId: e.causationId ?? undefined, traceparent: e.traceparent ?? undefined }));
    return replayResult(findReplay(streamId, written, lookupIn(stored)) ?? throwNotStored(streamId));
  }

  /**
   * One read of the stream's last events (the batch's own place, the event it chains onto, and LOOK_BACK more),
   * then at most one append at the head read, as Kurrent's expected revision. An expected revision behind the
   * head is never appended: the read shows whether the batch is already stored right after it (a replay) or
   * not (a conflict); only a replay lying further back than the read costs one more read, and no append.
   */
  private async appendOnce(streamId: string, events: NewEvent[], expected: number | 'any'): Promise<AppendResult> {
    const limit = events.length + LOOK_BACK;
    const tail = await this.readStream(streamId, { direction: 'backwards', maxCount: limit });
    const head = tail[0] ?? null;
    const actual = head ? head.streamRevision : 'no-stream';
    if (typeof expected === 'number' && (!head || expected > head.streamRevision)) throw new ConcurrencyError(streamId, expected, actual);
    if (typeof expected === 'number' && expected < head!.streamRevision) {
      const unread = tail.length === limit && expected + 1 < tail[tail.length - 1]!.streamRevision;
      const place = unread ? await this.readStream(streamId, { fromRevision: expected + 1, maxCount: events.length }) : tail;
      const replay = findReplay(streamId, events, lookupIn(place));
      if (replay) return replayResult(replay);
      throw new ConcurrencyError(streamId, expected, actual);
    }
    // At the head ('any', or the revision it expects): the batch is new, or it is the stream's last events.
    const replay = findReplay(streamId, events, lookupIn(tail));
    if (replay) return replayResult(replay);
    const sealed = sealChecked(streamId, head && { revision: head.streamRevision, hash: head.hash }, events).map((s) => s.envelope);
    const position = await this.write(streamId, sealed, expected, actual);
    return { nextRevision: sealed[sealed.length - 1]!.streamRevision, position, events: sealed };
  }

  /**
   * Appends at the concrete revision the batch was sealed onto, also for our 'any' (never Kurrent's ANY): the
   * server then refuses it if another writer got in between, instead of storing a prevHash that skips that
   * writer's events. A conflict on 'any' starts the append over from its read. Answers the batch's last position.
   */
  private async write(streamId: string, sealed: AppendedEvent[], expected: ExpectedRevision, onto: number | 'no-stream'): Promise<number> {
    let result: Awaited<ReturnType<KurrentClient['appendToStream']>>;
    try {
      result = await this.client.appendToStream(streamId, sealed.map(toEventData), { streamState: streamStateFor(onto) });
    } catch (error) {
      const conflict = conflictOf(error);
      if (!conflict) throw error;
      throw conflictError(new ConcurrencyError(streamId, expected, conflict.actual));
    }
    // Only with `throwOnAppendFailure=false` in the connection string: a conflict reported as a result.
    if (!result.success) throw conflictError(new ConcurrencyError(streamId, expected, actualRevisionOf(result.nextExpectedRevision)));
    return appendedPosition(result, streamId);
  }

  /** An empty append writes nothing and only checks the expected revision: one read of the head. */
  private async appendNothing(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const [head] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    checkExpected(streamId, expected, head ? head.streamRevision : 'no-stream');
    return { nextRevision: head ? head.streamRevision : -1, position: 0, events: [] };
  }

  private async appendJson(stream: string, type: string, data: Record<string, unknown>, streamState: AppendStreamState): Promise<void> {
    await this.client.appendToStream(
      stream,
      { id: randomUUID(), contentType: 'application/json', type, data, metadata: undefined },
      { streamState },
    );
  }

  /** Raw recorded events of one stream; empty when it does not exist. */
  private async readRaw(
    stream: string,
    options: { direction: 'forwards' | 'backwards'; fromRevision: bigint | 'start' | 'end'; maxCount: number },
  ): Promise<RecordedEvent[]> {
    this.assertReadable();
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, options)) if (resolved.event) out.push(resolved.event);
    } catch (error) {
      if (isStreamNotFound(error) || isStreamDeleted(error)) return [];
      throw error;
    }
    return out;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<Envelope[]> {
    const { direction = 'forwards', fromRevision, maxCount = Number.MAX_SAFE_INTEGER } = options;
    if (maxCount <= 0) return [];
    const from = fromRevision !== undefined ? BigInt(fromRevision) : direction === 'forwards' ? 'start' : 'end';
    const raw = await this.readRaw(streamId, { direction, fromRevision: from, maxCount });
    // Inside one of our streams every event must be ours: anything else would break revisions and chain.
    return raw.map((event) => fromRecorded(event) ?? throwForeign(event));
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<Envelope> {
    const batchSize = Math.max(1, options.batchSize ?? 500);
    let cursor: ReadPosition = readPositionFrom(options.fromPosition ?? 0);
    for (;;) {
      this.assertReadable();
      // Each batch is read whole before it is handed out: a slow consumer (a subscription retrying its
      // handler) must not hold a server read open. Kurrent reads include the start position, hence +1 and the
      // skip of positions already seen; the log ends when a batch brings nothing new.
      const batch: Envelope[] = [];
      let fresh = 0;
      for await (const { event } of this.client.readAll({ fromPosition: cursor, maxCount: batchSize + 1, filter: OUR_STREAMS_FILTER })) {
        if (!event) continue;
        if (cursor !== 'start' && cursor !== 'end' && comparePositions(event.position, cursor) <= 0) continue;
        cursor = event.position;
        fresh += 1;
        const envelope = fromRecorded(event);
        if (envelope) batch.push(envelope);
      }
      yield* batch;
      if (fresh === 0) return;
    }
  }

  /**
   * No index by event id over `$all` here (the server's `$by_correlation_id` indexes correlation, not ids, and runs
   * only with system projections on): `$all` is read backwards from `before` (or the head) until every id is found.
   */
  async readEvents(eventIds: readonly string[], options: ReadEventsOptions = {}): Promise<Envelope[]> {
    const wanted = new Set(eventIds);
    const found: Envelope[] = [];
    if (wanted.size === 0 || options.before === 0) return found;
    const before = options.before ?? Number.POSITIVE_INFINITY;
    let cursor: ReadPosition = options.before === undefined ? 'end' : readPositionFrom(options.before);
    for (let fresh = 1; fresh > 0 && wanted.size > 0; ) {
      this.assertReadable();
      fresh = 0;
      const from = cursor;
      for await (const { event } of this.client.readAll({ direction: 'backwards', fromPosition: from, maxCount: 500, filter: OUR_STREAMS_FILTER })) {
        if (!event) continue;
        if (from !== 'end' && from !== 'start' && comparePositions(event.position, from) >= 0) continue;
        cursor = event.position;
        fresh += 1;
        const envelope = fromRecorded(event);
        if (envelope && envelope.globalPosition < before && wanted.delete(envelope.eventId)) found.push(envelope);
      }
    }
    return found.reverse();
  }

  /** Metadata is not indexed, nor filtered on by the server: `$all` is read from `after` to the head. */
  async readCausedBy(eventIds: readonly string[], options: ReadCausedByOptions = {}): Promise<Envelope[]> {
    const causes = new Set(eventIds);
    const found: Envelope[] = [];
    if (causes.size === 0) return found;
    for await (const e of this.readAll({ fromPosition: options.after ?? 0 })) if (e.causationId !== null && causes.has(e.causationId)) found.push(e);
    return found;
  }

  /** Position of the last event readAll would hand out: bookkeeping and foreign events do not count. */
  async headPosition(): Promise<number> {
    let cursor: Position | 'end' = 'end';
    for (;;) {
      this.assertReadable();
      let fresh = 0;
      for await (const { event } of this.client.readAll({
        direction: 'backwards',
        fromPosition: cursor,
        maxCount: 32,
        filter: OUR_STREAMS_FILTER,
      })) {
        if (!event) continue;
        if (cursor !== 'end' && comparePositions(event.position, cursor) >= 0) continue;
        cursor = event.position;
        fresh += 1;
        if (hasEnvelopeMetadata(event)) return globalPositionOf(event);
      }
      if (fresh === 0) return 0;
    }
  }

  /** The server's catch-up subscription to $all, filtered on its side (catch-up-subscription.ts): no polling. */
  async subscribeToAll(handler: EventHandler, options?: SubscribeOptions): Promise<Subscription> {
    this.assertReadable();
    const checkpoints: CheckpointStore = {
      load: (name) => this.loadCheckpoint(name),
      save: (name, position) => this.saveCheckpoint(name, position),
    };
    const source: CatchUpSource = {
      subscribe: (position, filter) =>
        this.client.subscribeToAll({ fromPosition: readPositionFrom(position), filter }) as unknown as ServerSubscription,
      nextAfter: (position, filter) => this.nextAfter(position, filter),
      headPosition: () => this.headPosition(),
    };
    return keptOpenIn(this.subscriptions, await startCatchUpSubscription(source, checkpoints, handler, options));
  }

  /** Position of the first event after `position` that passes `filter` (reads of $all include their start). */
  private async nextAfter(position: number, filter: Filter): Promise<number | null> {
    this.assertReadable();
    for await (const { event } of this.client.readAll({ fromPosition: readPositionFrom(position), maxCount: 2, filter })) {
      if (event && globalPositionOf(event) > position) return globalPositionOf(event);
    }
    return null;
  }

  private async loadCheckpoint(name: string): Promise<number | undefined> {
    const [last] = await this.readRaw(checkpointStreamOf(this.checkpointPrefix, name), {
      direction: 'backwards',
      fromRevision: 'end',
      maxCount: 1,
    });
    return last ? parseCheckpoint(last.data) : undefined;
  }

  private async saveCheckpoint(name: string, position: number): Promise<void> {
    const stream = checkpointStreamOf(this.checkpointPrefix, name);
    if (!this.trimmed.has(stream)) {
      await this.client.setStreamMetadata(stream, { maxCount: 10 });
      this.trimmed.add(stream);
    }
    await this.appendJson(stream, CHECKPOINT_TYPE, { position }, 'any');
  }

  /** Lets running appends finish, stops subscriptions (saving their checkpoints), then disconnects. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.state = 'closing';
      clearInterval(this.anchorTimer);
      await Promise.allSettled([...this.inflight]);
      await Promise.all([...this.subscriptions].map((sub) => sub.close()));
      this.state = 'closed';
      await this.client.dispose();
    })();
    return this.closing;
  }

  private assertReadable(): void {
    if (this.state === 'closed') throw new Error('event store is closed');
  }
}

function throwForeign(event: RecordedEvent): never {
  throw foreignEventError(event);
}

/** Looks ids up among events read for an append. */
const lookupIn = (events: Envelope[]) => {
  const byId = new Map(events.map((e) => [e.eventId, e]));
  return (eventId: string) => byId.get(eventId);
};

function throwNotStored(streamId: string): never {
  throw new Error(`stream ${streamId}: the events read back after an append are not the ones appended`);
}
