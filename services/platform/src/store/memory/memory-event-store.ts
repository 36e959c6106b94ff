import { EventEmitter } from 'node:events';
import type { Envelope, NewEvent } from '@grid/contracts';
import type {
  AppendOptions,
  AppendResult,
  EventHandler,
  EventStore,
  ReadAllOptions,
  ReadCausedByOptions,
  ReadEventsOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from '../event-store';
import { appended, findReplay, replayResult, sealChecked } from '../append-checks';
import { startSubscription, type CheckpointStore } from '../subscription';
import { checkExpected, sliceStream } from '../stream-rules';

/** In-memory EventStore for unit tests: the same contract as the durable adapters, nothing kept. */
export class MemoryEventStore implements EventStore {
  private readonly log: Envelope[] = [];
  private readonly streams = new Map<string, Envelope[]>();
  private readonly byId = new Map<string, Envelope>();
  private readonly byCausation = new Map<string, Envelope[]>();
  private readonly checkpoints = new Map<string, number>();
  // One listener per open subscription; there may be many.
  private readonly appended = new EventEmitter().setMaxListeners(0);

  // Synchronous from the first check to the last push: an append is atomic without locks.
  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const stream = this.streams.get(streamId) ?? [];
    const replay = findReplay(streamId, events, (id) => this.byId.get(id));
    if (replay) return replayResult(replay.map(clone));
    checkExpected(streamId, options.expectedRevision, stream.length === 0 ? 'no-stream' : stream.length - 1);
    const last = stream[stream.length - 1];
    const sealed = sealChecked(streamId, last ? { revision: last.streamRevision, hash: last.hash } : null, events);
    if (sealed.length === 0) return { nextRevision: stream.length - 1, position: 0, events: [] };
    const stored = sealed.map(({ envelope }, i): Envelope => ({ ...envelope, globalPosition: this.log.length + i + 1 }));
    for (const e of stored) {
      this.log.push(e);
      stream.push(e);
      this.byId.set(e.eventId, e);
      if (e.causationId !== null) this.byCausation.set(e.causationId, [...(this.byCausation.get(e.causationId) ?? []), e]);
    }
    this.streams.set(streamId, stream);
    this.appended.emit('appended');
    const tail = stored[stored.length - 1]!;
    return { nextRevision: tail.streamRevision, position: tail.globalPosition, events: stored.map((e) => appended(clone(e))) };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<Envelope[]> {
    return sliceStream(this.streams.get(streamId) ?? [], options).map(clone);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<Envelope> {
    // Positions are 1-based and contiguous here, so position p sits at index p - 1.
    const from = options.fromPosition ?? 0;
    for (let i = from; i < this.log.length; i += 1) yield clone(this.log[i]!);
  }

  async readEvents(eventIds: readonly string[], options: ReadEventsOptions = {}): Promise<Envelope[]> {
    const before = options.before ?? Number.POSITIVE_INFINITY;
    const found = [...new Set(eventIds)].flatMap((id) => this.byId.get(id) ?? []).filter((e) => e.globalPosition < before);
    return inLogOrder(found).map(clone);
  }

  async readCausedBy(eventIds: readonly string[], options: ReadCausedByOptions = {}): Promise<Envelope[]> {
    const after = options.after ?? 0;
    const found = [...new Set(eventIds)].flatMap((id) => this.byCausation.get(id) ?? []).filter((e) => e.globalPosition > after);
    return inLogOrder(found).map(clone);
  }

  async headPosition(): Promise<number> {
    return this.log.length;
  }

  subscribeToAll(handler: EventHandler, options?: SubscribeOptions): Promise<Subscription> {
    const checkpoints: CheckpointStore = {
      load: async (name) => this.checkpoints.get(name),
      save: async (name, position) => void this.checkpoints.set(name, position),
    };
    const source = {
      readAll: (o?: ReadAllOptions) => this.readAll(o),
      headPosition: () => this.headPosition(),
      onAppended: (listener: () => void) => {
        this.appended.on('appended', listener);
        return () => void this.appended.off('appended', listener);
      },
    };
    return startSubscription(source, checkpoints, handler, options, { pollMs: 1000 });
  }

  async close(): Promise<void> {}
}

const clone = (e: Envelope): Envelope => structuredClone(e);
const inLogOrder = (events: Envelope[]): Envelope[] => events.sort((a, b) => a.globalPosition - b.globalPosition);
