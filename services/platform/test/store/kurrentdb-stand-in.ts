// An in-memory model of the KurrentDB server behind the parts of @kurrent/kurrentdb-client the adapter uses, so
// the adapter's own logic (hash chain, expected revisions, replays, positions, subscriptions) runs the contract
// suite here, where no KurrentDB can run. What it cannot prove is that the real server behaves like this model:
// that is what kurrentdb-event-store.infra.test.ts is for (kurrentdb/README.md lists what only it can prove).
//
// Modelled on the server's IndexWriter.CheckCommit (EventStore/KurrentDB source) and its gRPC answers:
// - one global log with non-contiguous, increasing positions (byte offsets; commit = prepare per event);
// - expected revision: a concrete revision or no_stream that is the stream's current one writes, WITHOUT any
//   check of the ids; one behind it answers an idempotent success (nothing written) when the events right after
//   it carry the same ids, in order, else WrongExpectedVersion (also when only the first ids match); one ahead
//   of it is WrongExpectedVersion; `any` writes unless its first id is already in the stream (then the same
//   idempotency rule over the ids as found; the server's id cache is bounded, this one is not);
// - the append answer: the batch's last revision, position commit = its last event, prepare = its first
//   (an idempotent answer: the stored last event's, both);
// - ids handed back lower-case; data and metadata kept as bytes (a JSON round trip);
// - stream reads that fail with stream-not-found while iterating; $all reads inclusive of their start;
// - server-side filters on stream name or event type, by regex or prefixes;
// - catch-up subscriptions to $all: the history from the start position (inclusive, the pessimistic reading),
//   then `caughtUp`, then live events as they are written, in log order, filtered; `drop()` fails them all as
//   a server restart would;
// - stream metadata written as a `$metadata` event to `$$<stream>` (a system event every unfiltered read sees).
// Every call first waits a random 0..jitterMs (or a turn of the event loop), so concurrent calls interleave in
// varying orders, as over a network. `calls` counts the requests by kind: the round trips an operation costs.
import { PassThrough } from 'node:stream';
import type { KurrentClient } from '../../src/store/kurrentdb/client';

interface Row {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  data: string;
  metadata: string;
  isJson: boolean;
  position: bigint;
}

type State = 'any' | 'no_stream' | 'stream_exists' | bigint;
interface EventInput {
  id: string;
  type: string;
  contentType: string;
  data: unknown;
  metadata?: unknown;
}
interface Filter {
  filterOn: 'streamName' | 'eventType';
  regex?: string;
  prefixes?: string[];
}
type Position = { commit: bigint; prepare: bigint };
type AllOptions = { direction?: string; fromPosition?: 'start' | 'end' | Position; maxCount?: number | bigint; filter?: Filter };
type StreamOptions = { direction?: string; fromRevision?: 'start' | 'end' | bigint; maxCount?: number | bigint };

export interface Calls {
  appendToStream: number;
  readStream: number;
  readAll: number;
  subscribeToAll: number;
  setStreamMetadata: number;
}

const commandError = (type: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { type, ...extra });

const passes = (filter: Filter | undefined, row: Row): boolean => {
  if (!filter) return true;
  const subject = filter.filterOn === 'streamName' ? row.streamId : row.type;
  return filter.regex !== undefined ? new RegExp(filter.regex).test(subject) : (filter.prefixes ?? []).some((p) => subject.startsWith(p));
};

export class KurrentStandIn {
  readonly log: Row[] = [];
  readonly calls: Calls = { appendToStream: 0, readStream: 0, readAll: 0, subscribeToAll: 0, setStreamMetadata: 0 };
  private readonly streams = new Map<string, Row[]>();
  private readonly live = new Set<{ send: (row: Row) => void; fail: (error: Error) => void }>();
  private nextPosition = 1_000n;

  constructor(private readonly jitterMs = 0) {}

  private tick(): Promise<void> {
    return new Promise((resolve) => (this.jitterMs > 0 ? setTimeout(resolve, Math.random() * this.jitterMs) : setImmediate(resolve)));
  }

  /** Fails every running subscription, as a server restart or a lost connection would. */
  drop(): void {
    for (const s of [...this.live]) s.fail(commandError('unavailable', 'subscription dropped'));
  }

  /** A client handle on this server; dispose() closes only that handle, as with a real connection. */
  client(): KurrentClient {
    let disposed = false;
    const open = () => {
      if (disposed) throw commandError('unavailable', 'client disposed');
    };
    // Reads fail while iterating, as the real client's do, hence the generators.
    const reading = async function* <T>(server: KurrentStandIn, read: () => Iterable<T>) {
      open();
      await server.tick();
      yield* read();
    };
    const handle = {
      appendToStream: async (stream: string, events: EventInput | EventInput[], options: { streamState?: State } = {}) => {
        this.calls.appendToStream += 1;
        open();
        await this.tick();
        return this.append(stream, Array.isArray(events) ? events : [events], options.streamState ?? 'any');
      },
      setStreamMetadata: async (stream: string, metadata: Record<string, unknown>) => {
        this.calls.setStreamMetadata += 1;
        open();
        await this.tick();
        const event = { id: crypto.randomUUID(), type: '$metadata', contentType: 'application/json', data: metadata };
        return this.append(`$$${stream}`, [event], 'any');
      },
      readStream: (stream: string, options: StreamOptions = {}) => {
        this.calls.readStream += 1;
        return reading(this, () => this.readStream(stream, options));
      },
      readAll: (options: AllOptions = {}) => {
        this.calls.readAll += 1;
        return reading(this, () => this.readAll(options));
      },
      subscribeToAll: (options: AllOptions = {}) => {
        this.calls.subscribeToAll += 1;
        open();
        return this.subscribe(options);
      },
      dispose: async () => {
        disposed = true;
      },
    };
    return handle as unknown as KurrentClient;
  }

  private append(stream: string, events: EventInput[], state: State) {
    const rows = this.streams.get(stream);
    const current = rows ? BigInt(rows.length - 1) : -1n;
    const ids = events.map((e) => e.id.toLowerCase());
    const refuse = () =>
      commandError('wrong-expected-version', `WrongExpectedVersion ${stream}`, {
        streamName: stream,
        expectedState: state,
        actualState: rows ? current : 'no_stream',
      });
    // The idempotency check of a write whose batch would start at `start` (CheckCommit, expected < current).
    const idempotent = (start: number) => {
      if (!rows || events.length === 0) throw refuse();
      if (!ids.every((id, i) => rows[start + i]?.id === id)) throw refuse();
      const last = rows[start + events.length - 1]!;
      return { success: true, nextExpectedRevision: last.revision, position: { commit: last.position, prepare: last.position } };
    };
    if (state === 'any') {
      const found = rows?.findIndex((r) => r.id === ids[0]) ?? -1;
      if (found >= 0) return idempotent(found);
    } else if (state === 'stream_exists') {
      if (!rows) throw refuse();
    } else {
      const expected = state === 'no_stream' ? -1n : state;
      if (expected > current) throw refuse();
      if (expected < current) return idempotent(Number(expected) + 1);
    }
    const target = rows ?? [];
    const written = events.map((e): Row => {
      const row: Row = {
        streamId: stream,
        id: e.id.toLowerCase(),
        type: e.type,
        revision: BigInt(target.length),
        isJson: e.contentType === 'application/json',
        data: JSON.stringify(e.data),
        metadata: e.metadata === undefined ? '' : JSON.stringify(e.metadata),
        position: this.nextPosition,
      };
      // Byte offsets: the next record starts after this one, so positions jump by varying amounts.
      this.nextPosition += BigInt(80 + row.data.length + row.metadata.length);
      target.push(row);
      this.log.push(row);
      return row;
    });
    this.streams.set(stream, target);
    for (const row of written) for (const s of [...this.live]) s.send(row);
    const last = target[target.length - 1]!;
    return { success: true, nextExpectedRevision: last.revision, position: { commit: last.position, prepare: written[0]!.position } };
  }

  private recorded(row: Row) {
    return {
      event: {
        streamId: row.streamId,
        id: row.id,
        type: row.type,
        revision: row.revision,
        isJson: row.isJson,
        created: new Date(),
        data: row.isJson ? JSON.parse(row.data) : Buffer.from(row.data),
        metadata: row.metadata === '' ? undefined : JSON.parse(row.metadata),
        position: { commit: row.position, prepare: row.position },
      },
      commitPosition: row.position,
    };
  }

  private *readStream(stream: string, options: StreamOptions) {
    const rows = this.streams.get(stream);
    if (!rows) throw commandError('stream-not-found', `${stream} not found`, { streamName: stream });
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromRevision ?? (options.direction === 'backwards' ? 'end' : 'start');
    const revisionOf = (at: 'start' | 'end' | bigint) => (at === 'start' ? 0n : at === 'end' ? BigInt(rows.length - 1) : at);
    const out =
      options.direction === 'backwards'
        ? rows.filter((r) => r.revision <= revisionOf(from)).reverse()
        : rows.filter((r) => (from === 'end' ? false : r.revision >= revisionOf(from)));
    for (const row of out.slice(0, max)) yield this.recorded(row);
  }

  private *readAll(options: AllOptions) {
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromPosition ?? (options.direction === 'backwards' ? 'end' : 'start');
    // Both directions include the start position: the adapter must not rely on either reading.
    const rows =
      options.direction === 'backwards'
        ? this.log.filter((r) => typeof from !== 'object' || r.position <= from.commit).reverse()
        : this.log.filter((r) => typeof from !== 'object' || r.position >= from.commit);
    let count = 0;
    for (const row of rows) {
      if (count >= max) return;
      if (!passes(options.filter, row)) continue;
      count += 1;
      yield this.recorded(row);
    }
  }

  /**
   * A catch-up subscription: the history and the switch to live happen in one turn of the event loop after the
   * call (as the server answers later), so no event written meanwhile is lost or sent twice.
   */
  private subscribe(options: AllOptions) {
    const out = new PassThrough({ objectMode: true });
    const from = options.fromPosition ?? 'start';
    const subscriber = {
      send: (row: Row) => {
        if (passes(options.filter, row)) out.write(this.recorded(row));
      },
      fail: (error: Error) => {
        this.live.delete(subscriber);
        out.destroy(error);
      },
    };
    const end = () => {
      this.live.delete(subscriber);
      out.end();
    };
    void this.tick().then(() => {
      if (out.destroyed) return;
      if (from !== 'end') for (const row of this.log) if (typeof from !== 'object' || row.position >= from.commit) subscriber.send(row);
      out.emit('caughtUp', {});
      this.live.add(subscriber);
    });
    out.on('close', () => this.live.delete(subscriber));
    return Object.assign(out, { unsubscribe: async () => end() });
  }
}
