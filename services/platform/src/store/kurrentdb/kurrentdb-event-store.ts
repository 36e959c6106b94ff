import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Envelope, NewEvent } from '@grid/contracts';
import type { AppendStreamState, Position, ReadPosition, RecordedEvent } from '@kurrent/kurrentdb-client';
import {
  ConcurrencyError,
  type AppendOptions,
  type AppendResult,
  type EventHandler,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type Subscription,
} from '../event-store';
import { findReplay, sealChecked } from '../append-checks';
import { startLocalSubscription, type CheckpointStore } from '../subscription';
import { checkExpected } from '../stream-rules';
import { createClient, type KurrentClient } from './client';
import { ClaimRace, lookupClaims, writeClaims, type ClaimIo } from './event-id-claims';
import {
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
  /** How often subscriptions look for events written by other processes (ms, default 250). */
  pollMs?: number;
  /** How long connect keeps trying to reach the server before failing (ms, default 15000). */
  connectTimeoutMs?: number;
}

const MAX_ATTEMPTS = 10;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A conflict to resolve by starting the append over from its reads; `last` is what to throw when attempts run out. */
class TryAgain extends Error {
  constructor(readonly last: Error) {
    super(last.message);
  }
}

/**
 * The production EventStore on KurrentDB (EventStoreDB's successor, same gRPC protocol): our stream ids are
 * Kurrent stream names, our eventId its event id, the envelope (less data) its metadata, globalPosition its
 * commit position. Subscriptions poll the global log through readAll (see README.md for why).
 */
export class KurrentDbEventStore implements EventStore {
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly subscriptions = new Set<Subscription>();
  private readonly inflight = new Set<Promise<unknown>>();
  // Checkpoint streams whose $maxCount this instance has set (once each: only the last position matters).
  private readonly trimmed = new Set<string>();
  private readonly checkpointPrefix: string;
  private readonly pollMs: number;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly client: KurrentClient,
    options: Omit<KurrentDbEventStoreOptions, 'connectionString'>,
  ) {
    this.checkpointPrefix = options.checkpointStream ?? DEFAULT_CHECKPOINT_STREAM;
    this.pollMs = options.pollMs ?? 250;
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
    return store;
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
    // Refused before any I/O: an id twice in one batch, and events that cannot be sealed (so no claim
    // stream is ever named after an id that is not a uuid).
    findReplay(streamId, events, () => undefined);
    sealChecked(streamId, null, events);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.appendOnce(streamId, events, expected);
      } catch (error) {
        if (!(error instanceof TryAgain)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw error.last;
        await sleep(Math.random() * 10 * attempt); // jitter, so racing writers do not collide in lockstep
      }
    }
  }

  private async appendOnce(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const given = events.flatMap((e) => (e.eventId === undefined ? [] : [e.eventId]));
    // The head first, the claims after it, never both at once: an identical append landing between two
    // parallel reads would look "not stored" to the claims yet move the head, and with 'any' this append would
    // then store the same ids a second time. Read in this order, whatever the head shows is also in the claims.
    const head = await this.readHead(streamId);
    const claims = await lookupClaims(this.claimIo, streamId, given);
    const stored = new Map([...claims].flatMap(([id, c]) => (c.kind === 'stored' ? [[id, c.envelope] as const] : [])));
    const replay = findReplay(streamId, events, (id) => stored.get(id));
    if (replay) {
      const tail = replay[replay.length - 1]!;
      // The replayed events may have landed after the head was read: never report less than them.
      return { nextRevision: Math.max(head?.streamRevision ?? -1, tail.streamRevision), position: tail.globalPosition, events: replay };
    }
    checkExpected(streamId, expected, head ? head.streamRevision : 'no-stream');
    const sealed = sealChecked(streamId, head && { revision: head.streamRevision, hash: head.hash }, events).map((s) => s.envelope);
    if (sealed.length === 0) return { nextRevision: head ? head.streamRevision : -1, position: 0, events: [] };
    try {
      await writeClaims(this.claimIo, sealed, claims);
    } catch (error) {
      if (error instanceof ClaimRace) throw new TryAgain(error);
      throw error;
    }
    // Always the concrete head we chained onto, also for 'any': Kurrent then refuses the append if another
    // writer got in between, instead of storing an event whose prevHash skips that writer's events.
    const streamState = streamStateFor(head ? head.streamRevision : 'no-stream');
    try {
      const result = await this.client.appendToStream(streamId, sealed.map(toEventData), { streamState });
      // Only with `throwOnAppendFailure=false` in the connection string: a conflict without its details.
      if (!result.success) throw new TryAgain(new ConcurrencyError(streamId, expected, head ? head.streamRevision : 'no-stream'));
    } catch (error) {
      const conflict = conflictOf(error);
      if (!conflict) throw error;
      const concurrency = new ConcurrencyError(streamId, expected, conflict.actual);
      // 'any' retries on the new head; writer-given ids first look again whether a twin append stored them.
      if (expected === 'any' || given.length > 0) throw new TryAgain(concurrency);
      throw concurrency;
    }
    // Kurrent's answer has one position for the batch; each event's own comes from reading them back (which
    // also returns what is really stored if Kurrent took this append as a retry of an identical one).
    const written = await this.readStream(streamId, { fromRevision: sealed[0]!.streamRevision, maxCount: sealed.length });
    if (written.length !== sealed.length || written.some((e, i) => e.eventId !== sealed[i]!.eventId)) {
      throw new Error(`stream ${streamId}: the events read back after an append are not the ones appended`);
    }
    this.appended.emit('appended');
    const tail = written[written.length - 1]!;
    return { nextRevision: tail.streamRevision, position: tail.globalPosition, events: written };
  }

  private readonly claimIo: ClaimIo = {
    last: async (stream) => (await this.readRaw(stream, { direction: 'backwards', fromRevision: 'end', maxCount: 1 }))[0] ?? null,
    at: async (stream, revision) => {
      const [event] = await this.readStream(stream, { fromRevision: revision, maxCount: 1 });
      return event && event.streamRevision === revision ? event : null;
    },
    appendJson: async (stream, type, data, state) => {
      await this.appendJson(stream, type, data, state);
    },
  };

  private async appendJson(stream: string, type: string, data: Record<string, unknown>, streamState: AppendStreamState): Promise<void> {
    await this.client.appendToStream(
      stream,
      { id: randomUUID(), contentType: 'application/json', type, data, metadata: undefined },
      { streamState },
    );
  }

  private async readHead(streamId: string): Promise<Envelope | null> {
    return (await this.readStream(streamId, { direction: 'backwards', maxCount: 1 }))[0] ?? null;
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
      if (isStreamNotFound(error)) return [];
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

  async subscribeToAll(handler: EventHandler, options?: SubscribeOptions): Promise<Subscription> {
    this.assertReadable();
    const checkpoints: CheckpointStore = {
      load: (name) => this.loadCheckpoint(name),
      save: (name, position) => this.saveCheckpoint(name, position),
    };
    const source = { readAll: (o?: ReadAllOptions) => this.readAll(o), headPosition: () => this.headPosition() };
    return startLocalSubscription({ source, appended: this.appended, checkpoints, pollMs: this.pollMs, open: this.subscriptions }, handler, options);
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
