import { mkdirSync } from 'node:fs';
import type { Bus } from '../bus/bus';
import type { Config } from '../config/config';
import type { DocumentStore } from '../documents/document-store';
import type { EventStore } from '../store/event-store';

/** The three ports a service process stands on, chosen by configuration (EVENT_STORE, BUS, DOCUMENT_STORE). */
export interface Infrastructure {
  store: EventStore;
  bus: Bus;
  documents: DocumentStore;
  /** What runs where, for /health and the start-up banner. */
  kinds: { store: Config['EVENT_STORE']; bus: Config['BUS']; documents: Config['DOCUMENT_STORE'] };
  close(): Promise<void>;
}

/**
 * Opens the configured adapters. Production adapters are loaded lazily (`import()` compiles to a deferred
 * require), so the embedded default never loads kafkajs, the MongoDB driver or the KurrentDB client.
 */
export async function openInfrastructure(config: Config): Promise<Infrastructure> {
  if (config.EVENT_STORE === 'sqlite' || config.BUS === 'embedded' || config.DOCUMENT_STORE === 'sqlite') {
    mkdirSync(config.dataDir, { recursive: true });
  }
  const opened: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(x: T): T => (opened.push(x), x);
  try {
    const store = track(await openStore(config));
    const bus = track(await openBus(config));
    const documents = track(await openDocuments(config));
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

async function openStore(config: Config): Promise<EventStore> {
  if (config.EVENT_STORE === 'kurrentdb') {
    const { KurrentDbEventStore } = await import('../store/kurrentdb/kurrentdb-event-store');
    return KurrentDbEventStore.connect({ connectionString: config.KURRENTDB_URL! });
  }
  const { SqliteEventStore } = await import('../store/sqlite/sqlite-event-store');
  return SqliteEventStore.open({ path: config.databasePath, synchronous: config.SQLITE_SYNCHRONOUS });
}

async function openBus(config: Config): Promise<Bus> {
  if (config.BUS === 'kafka') {
    const { KafkaBus } = await import('../bus/kafka/kafka-bus');
    return KafkaBus.connect({ brokers: config.KAFKA_BROKERS!, clientId: config.SERVICE_NAME, partitions: config.KAFKA_PARTITIONS });
  }
  const { EmbeddedBus } = await import('../bus/embedded/embedded-bus');
  return EmbeddedBus.open({ path: config.busPath, synchronous: config.SQLITE_SYNCHRONOUS });
}

async function openDocuments(config: Config): Promise<DocumentStore> {
  if (config.DOCUMENT_STORE === 'mongodb') {
    const { MongoDocumentStore } = await import('../documents/mongodb/mongo-document-store');
    return MongoDocumentStore.connect({ url: config.MONGODB_URL!, database: config.MONGODB_DATABASE });
  }
  const { SqliteDocumentStore } = await import('../documents/sqlite/sqlite-document-store');
  return new SqliteDocumentStore({ path: config.documentsPath });
}
