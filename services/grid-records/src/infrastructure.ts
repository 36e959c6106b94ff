// TEMPORARY mirror of the platform's openInfrastructure (services/platform/src/infrastructure/), which
// '@grid/platform' does not export yet: once its index exports it, main.ts imports it from there and this file goes.
import { mkdirSync } from 'node:fs';
import {
  EmbeddedBus,
  KafkaBus,
  MongoDocumentStore,
  SqliteDocumentStore,
  SqliteEventStore,
  type Bus,
  type Config,
  type DocumentStore,
  type EventStore,
} from '@grid/platform';

/** What grid-records stands on (structurally the platform's `Infrastructure`). */
export interface ServiceInfrastructure {
  store: EventStore;
  bus: Bus;
  documents: DocumentStore;
  kinds: { store: string; bus: string; documents: string };
  close(): Promise<void>;
}

export async function openInfrastructure(config: Config): Promise<ServiceInfrastructure> {
  if (config.EVENT_STORE === 'kurrentdb')
    throw new Error('EVENT_STORE=kurrentdb needs the platform openInfrastructure (not exported from @grid/platform yet)');
  mkdirSync(config.dataDir, { recursive: true });
  const opened: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(x: T): T => (opened.push(x), x);
  try {
    const store = track(await SqliteEventStore.open({ path: config.databasePath, synchronous: config.SQLITE_SYNCHRONOUS }));
    const bus = track(
      config.BUS === 'kafka'
        ? await KafkaBus.connect({ brokers: config.KAFKA_BROKERS!, clientId: config.SERVICE_NAME, partitions: config.KAFKA_PARTITIONS })
        : await EmbeddedBus.open({ path: config.busPath, synchronous: config.SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL' }),
    );
    const documents = track(
      config.DOCUMENT_STORE === 'mongodb'
        ? await MongoDocumentStore.connect({ url: config.MONGODB_URL!, database: config.MONGODB_DATABASE })
        : new SqliteDocumentStore({ path: config.documentsPath }),
    );
    return {
      store,
      bus,
      documents,
      kinds: { store: config.EVENT_STORE, bus: config.BUS, documents: config.DOCUMENT_STORE },
      async close() {
        for (const x of opened.reverse()) await x.close();
      },
    };
  } catch (error) {
    for (const x of opened.reverse()) await x.close().catch(() => undefined);
    throw error;
  }
}
