import { EventEmitter } from 'node:events';
import type { Envelope, NewEvent } from '@grid/contracts';
import { DuplicateEventError, type AppendOptions, type AppendResult, type EventHandler, type EventStore, type ReadAllOptions, type ReadStreamOptions, type SubscribeOptions, type Subscription } from '../event-store';
import { matchesStored, sealEvents } from '../envelope-builder';
import { startSubscription, type CheckpointStore } from '../subscription';
import { checkExpected, sliceStream } from '../stream-rules';

/** In-memory EventStore for unit tests: the same contract as the durable adapters, nothing kept. */
export class MemoryEventStore implements EventStore {
  private readonly log: Envelope[] = [];
  private readonly streams = new Map<string, Envelope[]>();
  private readonly byId = new Map<string, Envelope>();
  private readonly checkpoints = new Map<string, number>();
  private readonly appended = new EventEmitter();

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const stream = this.streams.get(streamId) ?? [];
    const replay = this.idempotentReplay(streamId, events);
    if (replay) return replay;
    checkExpected(streamId, options.expectedRevision, stream.length === 0 ? 'no-stream' : stream.length - 1);
    const last = stream[stream.length - 1];
    const sealed = sealEvents(streamId, last ? { revision: last.streamRevision, hash: last.hash } : null, events);
    const stored = sealed.map(({ envelope }, i) => ({ ...envelope, globalPosition: this.log.length + i + 1 }) as Envelope);
    for (const e of stored) {
      this.log.push(e);
      stream.push(e);
      this.byId.set(e.eventId, e);
    }
    this.streams.set(streamId, stream);
    this.appended.emit('appended');
    const tail = stored[stored.length - 1]!;
    return { nextRevision: tail.streamRevision, position: tail.globalPosition, events: stored.map(clone) };
  }

  private idempotentReplay(streamId: string, events: NewEvent[]): AppendResult | null {
    const first = events[0]?.eventId;
    if (!first || !this.byId.has(first)) return null;
    const stored = events.map((e) => (e.eventId ? this.byId.get(e.eventId) : undefined));
    if (!matchesStored(events, stored) || stored.some((e) => e!.streamId !== streamId)) {
      throw new DuplicateEventError(first, 'already stored with other content or in another stream');
    }
    const tail = stored[stored.length - 1]!;
    return { nextRevision: this.streams.get(streamId)!.length - 1, position: tail.globalPosition, events: stored.map((e) => clone(e!)) };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<Envelope[]> {
    return sliceStream(this.streams.get(streamId) ?? [], options).map(clone);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<Envelope> {
    const from = options.fromPosition ?? 0;
    for (let i = from; i < this.log.length; i += 1) yield clone(this.log[i]!);
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
