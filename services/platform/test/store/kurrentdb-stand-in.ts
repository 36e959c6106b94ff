// An in-memory stand-in for the parts of @kurrent/kurrentdb-client the KurrentDB adapter uses, modelled on
// the server's documented behaviour, so the adapter's own logic (hash chain, claims, retries, positions,
// subscriptions) can run the contract suite here, where no KurrentDB can run. What it cannot prove is that
// the real server behaves like this model: that is what kurrentdb-event-store.infra.test.ts is for.
//
// Modelled: one global log with non-contiguous, increasing positions (commit = prepare, as for gRPC appends);
// expected-state checks with WrongExpectedVersionError-shaped errors; Kurrent's idempotency (the same event
// ids at the same expected revision succeed without writing); ids handed back lower-case; data and metadata
// kept as bytes (JSON round trip); stream reads that fail with stream-not-found while iterating; $all reads
// inclusive of their start position, server-side regex filters; stream metadata written as a `$metadata`
// event to `$$<stream>` (a system event every unfiltered read sees). Every call first waits a random
// 0..jitterMs (or a turn of the event loop), so concurrent appends interleave in varying orders, as over a network.
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

const commandError = (type: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { type, ...extra });

export class KurrentStandIn {
  readonly log: Row[] = [];
  private readonly streams = new Map<string, Row[]>();
  private nextPosition = 1_000n;
  appendCalls = 0;

  constructor(private readonly jitterMs = 0) {}

  private tick(): Promise<void> {
    return new Promise((resolve) => (this.jitterMs > 0 ? setTimeout(resolve, Math.random() * this.jitterMs) : setImmediate(resolve)));
  }

  /** A client handle on this server; dispose() closes only that handle, as with a real connection. */
  client(): KurrentClient {
    let disposed = false;
    const open = () => {
      if (disposed) throw commandError('unavailable', 'client disposed');
    };
    type StreamOptions = { direction?: string; fromRevision?: 'start' | 'end' | bigint; maxCount?: number | bigint };
    type AllOptions = {
      direction?: string;
      fromPosition?: 'start' | 'end' | { commit: bigint };
      maxCount?: number | bigint;
      filter?: Filter;
    };
    // Reads fail while iterating, as the real client's do, hence the generators.
    const reading = async function* <T>(server: KurrentStandIn, read: () => Iterable<T>) {
      open();
      await server.tick();
      yield* read();
    };
    const handle = {
      appendToStream: async (stream: string, events: EventInput | EventInput[], options: { streamState?: State } = {}) => {
        open();
        await this.tick();
        return this.append(stream, Array.isArray(events) ? events : [events], options.streamState ?? 'any');
      },
      setStreamMetadata: async (stream: string, metadata: Record<string, unknown>) => {
        open();
        await this.tick();
        const event = { id: crypto.randomUUID(), type: '$metadata', contentType: 'application/json', data: metadata };
        return this.append(`$$${stream}`, [event], 'any');
      },
      readStream: (stream: string, options: StreamOptions = {}) => reading(this, () => this.readStream(stream, options)),
      readAll: (options: AllOptions = {}) => reading(this, () => this.readAll(options)),
      dispose: async () => {
        disposed = true;
      },
    };
    return handle as unknown as KurrentClient;
  }

  private append(stream: string, events: EventInput[], state: State) {
    this.appendCalls += 1;
    const rows = this.streams.get(stream);
    const current = rows ? BigInt(rows.length - 1) : 'no_stream';
    if (typeof state === 'bigint' || state === 'no_stream') {
      const start = state === 'no_stream' ? 0 : Number(state) + 1;
      const again = rows && events.length > 0 && events.every((e, i) => rows[start + i]?.id === e.id.toLowerCase());
      if (again)
        return {
          success: true,
          nextExpectedRevision: BigInt(start + events.length - 1),
          position: this.at(rows[start + events.length - 1]!),
        };
    }
    const ok = state === 'any' || (state === 'no_stream' ? !rows : state === 'stream_exists' ? !!rows : current === state);
    if (!ok) {
      throw commandError('wrong-expected-version', `WrongExpectedVersion ${stream}`, {
        streamName: stream,
        expectedState: state,
        actualState: current,
      });
    }
    const target = rows ?? [];
    for (const e of events) {
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
    }
    this.streams.set(stream, target);
    const last = target[target.length - 1]!;
    return { success: true, nextExpectedRevision: last.revision, position: this.at(last) };
  }

  private at(row: Row) {
    return { commit: row.position, prepare: row.position };
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
        position: this.at(row),
      },
      commitPosition: row.position,
    };
  }

  private *readStream(
    stream: string,
    options: { direction?: string; fromRevision?: 'start' | 'end' | bigint; maxCount?: number | bigint },
  ) {
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

  private *readAll(options: {
    direction?: string;
    fromPosition?: 'start' | 'end' | { commit: bigint };
    maxCount?: number | bigint;
    filter?: Filter;
  }) {
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromPosition ?? (options.direction === 'backwards' ? 'end' : 'start');
    const keep = (row: Row) => {
      const f = options.filter;
      if (!f) return true;
      const subject = f.filterOn === 'streamName' ? row.streamId : row.type;
      return f.regex !== undefined ? new RegExp(f.regex).test(subject) : (f.prefixes ?? []).some((p) => subject.startsWith(p));
    };
    // Both directions include the start position: the adapter must not rely on either reading.
    const rows =
      options.direction === 'backwards'
        ? this.log.filter((r) => typeof from !== 'object' || r.position <= from.commit).reverse()
        : this.log.filter((r) => typeof from !== 'object' || r.position >= from.commit);
    let count = 0;
    for (const row of rows) {
      if (count >= max) return;
      if (!keep(row)) continue;
      count += 1;
      yield this.recorded(row);
    }
  }
}
