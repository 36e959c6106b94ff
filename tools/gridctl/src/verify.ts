import { existsSync } from 'node:fs';
import { SqliteEventStore, verifyAll, type Config, type EventStore, type VerifyResult } from '@grid/platform';

export interface VerifyReport extends VerifyResult {
  store: string;
  ms: number;
}

/**
 * verifyAll over the embedded store: every event's hash recomputed, every stream's chain followed, in one pass over
 * the global log. Safe beside a running server (WAL readers do not block the writer). `onProgress` gets the count
 * of events read so far, every 10 000.
 */
export async function verifyStore(config: Config, onProgress?: (events: number) => void): Promise<VerifyReport> {
  if (config.EVENT_STORE !== 'sqlite') throw new Error(`verify reads the embedded store; EVENT_STORE is ${config.EVENT_STORE}`);
  // Opening a missing file would create an empty store and report it as verified.
  if (!existsSync(config.databasePath)) throw new Error(`no event store at ${config.databasePath} (set DATA_DIR)`);
  const store = await SqliteEventStore.open({ path: config.databasePath, synchronous: config.SQLITE_SYNCHRONOUS });
  const started = performance.now();
  try {
    const result = await verifyAll(onProgress ? counting(store, onProgress) : store);
    onProgress?.(result.eventsChecked);
    return { store: config.databasePath, ...result, ms: Math.round(performance.now() - started) };
  } finally {
    await store.close();
  }
}

/** The same store, reporting how far readAll has got (verifyAll reads through nothing else). */
function counting(store: EventStore, onProgress: (events: number) => void): EventStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'readAll') {
        return async function* (options?: Parameters<EventStore['readAll']>[0]) {
          let n = 0;
          for await (const event of target.readAll(options)) {
            n += 1;
            if (n % 10_000 === 0) onProgress(n);
            yield event;
          }
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
