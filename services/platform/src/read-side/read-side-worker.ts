import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Bus } from '../bus/bus';
import type { Config } from '../config/config';
import type { DocumentStore } from '../documents/document-store';
import { openBus, openDocuments } from '../infrastructure/open-infrastructure';
import type { EventStore } from '../store/event-store';
import { DurableHead } from '../store/sqlite/durable-head';
import { SqliteEventStore } from '../store/sqlite/sqlite-event-store';
import { upcastingBus } from '../upcasting/upcasting-bus';
import { upcastingStore } from '../upcasting/upcasting-store';
import type { FromReadSide, ReadSideStart, ToReadSide } from './protocol';

/** What a service's read side is, once started: the worker reports positions through `reached`. */
export interface ReadSideParts {
  /** Resolves once everything up to `position` is applied: it must not resolve early on a time limit. */
  reached(position: number): Promise<void>;
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

export interface ReadSideInfrastructure {
  /** A follower of the writer's file: reads no further than the writer reported durable; appends nothing. */
  store: EventStore;
  documents: DocumentStore;
  bus: Bus;
  config: Config;
  data: unknown;
}

/**
 * A worker's own connections to the embedded files (each pushed to `opened`, to close in reverse): the log as a
 * follower that reads no further than `head`, upcast, and the read models' store.
 */
export async function openFollower(config: Config, head: DurableHead, opened: { close(): Promise<void> }[]): Promise<{ store: EventStore; documents: DocumentStore }> {
  const store = await SqliteEventStore.open({ path: config.databasePath, synchronous: config.SQLITE_SYNCHRONOUS, durableHead: head });
  opened.push(store);
  const documents = await openDocuments(config);
  opened.push(documents);
  return { store: upcastingStore(store), documents };
}

/**
 * The body of a read-side worker script (see startReadSideWorker): opens its own connections to the embedded
 * files, starts the service's read side with them, and answers the writer: `applied` after each durable head
 * the writer reports, once the read side has reached it; `caughtUp` on request; `close`.
 */
export function runReadSide(start: (infra: ReadSideInfrastructure) => Promise<ReadSideParts>): void {
  if (isMainThread || !parentPort) throw new Error('runReadSide runs in a worker thread started by startReadSideWorker');
  const port = parentPort;
  const { config, head: initial, data } = workerData as ReadSideStart;
  const post = (m: FromReadSide) => port.postMessage(m);
  const head = new DurableHead(initial);
  const opened: { close(): Promise<void> }[] = [];
  const closeAll = async () => {
    for (const x of opened.splice(0).reverse()) await x.close().catch(() => undefined);
  };
  const failed = (error: unknown) => {
    post({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    void closeAll().finally(() => process.exit(1));
  };

  void (async () => {
    const { store, documents } = await openFollower(config, head, opened);
    const bus = await openBus(config, (error) => post({ type: 'durability-lost', what: 'embedded bus', message: String((error as Error).message ?? error) }));
    opened.push(bus);
    const parts = await start({ store, documents, bus: upcastingBus(bus), config, data });
    opened.push(parts);

    let told = 0;
    const report = (position: number) =>
      parts.reached(position).then(() => {
        if (position <= told) return;
        told = position;
        post({ type: 'applied', position });
      }, failed);
    port.on('message', (m: ToReadSide) => {
      if (m.type === 'head') {
        head.advance(m.position);
        void report(m.position);
      } else if (m.type === 'caughtUp') {
        parts.caughtUp().then(
          () => post({ type: 'caughtUp', id: m.id }),
          (error: unknown) => post({ type: 'caughtUp', id: m.id, error: String(error) }),
        );
      } else if (m.type === 'close') {
        void closeAll().then(() => {
          post({ type: 'closed' });
          process.exit(0);
        });
      }
    });
    post({ type: 'started' });
    void report(initial);
  })().catch(failed);
}
