import type { Config, EventStore } from '@grid/platform';

/**
 * The KurrentDB store the service is configured for (EVENT_STORE=kurrentdb, KURRENTDB_URL), opened for one command
 * and closed after it; the client is loaded only here. The embedded store is read as a file instead (verify.ts).
 */
export async function withKurrentDb<T>(config: Config, use: (store: EventStore) => Promise<T>): Promise<T> {
  const { KurrentDbEventStore } = await import('@grid/platform/kurrentdb');
  const store = await KurrentDbEventStore.connect({ connectionString: config.KURRENTDB_URL! });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** The server's address without its password, for reports. */
export const kurrentDbAddress = (config: Config): string => config.KURRENTDB_URL!.replace(/\/\/[^@/]*@/, '//***@');
