/* eslint-disable @typescript-eslint/no-require-imports -- production adapters load lazily, see openInfrastructure */
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Bus } from '../bus/bus';
import type { Config } from '../config/config';
import type { DocumentStore } from '../documents/document-store';
import type { EventStore } from '../store/event-store';
import { moveKeys } from './move-keys';
import { failStop } from './fail-stop';
import { anchorPublicKeyId, loadOrCreateAnchorKey } from '../store/anchors';
import { upcastingBus } from '../upcasting/upcasting-bus';
import { upcastingStore, type Upcaster } from '../upcasting/upcasting-store';
import type * as KurrentDbEventStoreModule from '../store/kurrentdb/kurrentdb-event-store';
import type * as SqliteEventStoreModule from '../store/sqlite/sqlite-event-store';
import type * as KafkaBusModule from '../bus/kafka/kafka-bus';
import type * as KafkaSecurityModule from '../bus/kafka/kafka-security';
import type * as EmbeddedBusModule from '../bus/embedded/embedded-bus';
import type * as MongoDocumentStoreModule from '../documents/mongodb/mongo-document-store';
import type * as SqliteDocumentStoreModule from '../documents/sqlite/sqlite-document-store';

/** The three ports a service process stands on, chosen by configuration (EVENT_STORE, BUS, DOCUMENT_STORE). */
export interface Infrastructure {
  store: EventStore;
  bus: Bus;
  /** Read models: rebuildable from the store (docs/architecture.md rule 2). */
  documents: DocumentStore;
  /**
   * The personal-data vault's keys, which nothing can rebuild. Embedded: their own SQLite file at FULL, so the
   * read models' many small commits need no fsync each; MongoDB: the same database as the read models.
   */
  keys: DocumentStore;
  /** What runs where, for /health and the start-up banner. */
  kinds: { store: Config['EVENT_STORE']; bus: Config['BUS']; documents: Config['DOCUMENT_STORE'] };
  close(): Promise<void>;
}

/**
 * Opens the configured adapters. Production adapters are loaded lazily (a deferred `require`; the type-only
 * imports above are erased), so the embedded default never loads kafkajs, the MongoDB driver or the KurrentDB client.
 * The store's readers and the bus's consumers see every event at its newest version (`events`: the contracts' registry).
 */
export async function openInfrastructure(config: Config, events?: Upcaster): Promise<Infrastructure> {
  const embedded = config.EVENT_STORE === 'sqlite' || config.BUS === 'embedded' || config.DOCUMENT_STORE === 'sqlite';
  if (embedded) privateDataDir(config.dataDir);
  const opened: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(x: T): T => (opened.push(x), x);
  try {
    const store = track(upcastingStore(await openStore(config), events));
    const bus = track(upcastingBus(await openBus(config), events));
    const keys = config.DOCUMENT_STORE === 'mongodb' ? undefined : track(await openKeys(config));
    const documents = track(await openDocuments(config));
    if (embedded) privateFiles(config.dataDir);
    return {
      store,
      bus,
      documents,
      keys: keys ?? documents,
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
  const everyMs = config.ANCHOR_EVERY_HOURS * 3_600_000;
  if (config.EVENT_STORE === 'kurrentdb') {
    const { KurrentDbEventStore } = require('../store/kurrentdb/kurrentdb-event-store') as typeof KurrentDbEventStoreModule;
    // Only with a key provisioned there: processes on other machines making keys of their own would sign with many.
    const keyed = everyMs > 0 && anchorPublicKeyId(config.dataDir) !== null;
    return KurrentDbEventStore.connect({ connectionString: config.KURRENTDB_URL!, anchors: keyed ? { key: loadOrCreateAnchorKey(config.dataDir), everyMs } : undefined });
  }
  const anchors = everyMs > 0 ? { key: loadOrCreateAnchorKey(config.dataDir), everyMs } : undefined;
  const { SqliteEventStore } = require('../store/sqlite/sqlite-event-store') as typeof SqliteEventStoreModule;
  return SqliteEventStore.open({ path: config.databasePath, synchronous: config.SQLITE_SYNCHRONOUS, onDurabilityLost: failStop('event store'), anchors });
}

/**
 * The configured bus, on its own connection (the read-side worker opens its own, and tells the writer's thread when
 * its bus file lost durability, since a worker cannot end the process).
 */
export async function openBus(config: Config, onDurabilityLost = failStop('embedded bus')): Promise<Bus> {
  if (config.BUS === 'kafka') {
    const { KafkaBus } = require('../bus/kafka/kafka-bus') as typeof KafkaBusModule;
    const { kafkaSecurityOf } = require('../bus/kafka/kafka-security') as typeof KafkaSecurityModule;
    return KafkaBus.connect({ brokers: config.KAFKA_BROKERS!, clientId: config.SERVICE_NAME, partitions: config.KAFKA_PARTITIONS, ...(await kafkaSecurityOf(config)) });
  }
  const { EmbeddedBus } = require('../bus/embedded/embedded-bus') as typeof EmbeddedBusModule;
  // The bus log never runs unsynced: OFF is a store-benchmark setting only.
  return EmbeddedBus.open({ path: config.busPath, synchronous: config.SQLITE_SYNCHRONOUS === 'OFF' ? 'NORMAL' : config.SQLITE_SYNCHRONOUS, onDurabilityLost });
}

/** The configured read-model store, on its own connection (the read-side worker opens its own). */
export async function openDocuments(config: Config): Promise<DocumentStore> {
  if (config.DOCUMENT_STORE === 'mongodb') {
    const { MongoDocumentStore } = require('../documents/mongodb/mongo-document-store') as typeof MongoDocumentStoreModule;
    return MongoDocumentStore.connect({ url: config.MONGODB_URL!, database: config.MONGODB_DATABASE });
  }
  const { SqliteDocumentStore } = require('../documents/sqlite/sqlite-document-store') as typeof SqliteDocumentStoreModule;
  // NORMAL (no fsync per commit; WAL keeps every commit atomic): a power cut may lose the last commits of a
  // model, but its checkpoint lives in the same file and goes with them, so it is replayed from where it is.
  return new SqliteDocumentStore({ path: config.documentsPath, synchronous: 'NORMAL' });
}

async function openKeys(config: Config): Promise<DocumentStore> {
  const { SqliteDocumentStore } = require('../documents/sqlite/sqlite-document-store') as typeof SqliteDocumentStoreModule;
  // FULL unless the whole process runs unsynced: a key lost in a power cut makes its person unreadable for ever.
  const synchronous = config.SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL';
  // secure_delete: a shredded key's bytes are zeroed in the file, not left in free pages (docs/audit.md, Erasure).
  const keys = new SqliteDocumentStore({ path: config.keysPath, synchronous, syncOffLoop: true, secureDelete: true, onDurabilityLost: failStop('personal-data keys') });
  try {
    if (existsSync(config.documentsPath)) {
      // Older folders kept the keys in documents.db: move them, with that file at the keys' sync level too,
      // so the deletions of the old copies are as durable as the new ones (shredding needs the only copy).
      const old = new SqliteDocumentStore({ path: config.documentsPath, synchronous });
      try {
        await moveKeys(old, keys);
      } finally {
        await old.close();
      }
    }
  } catch (error) {
    await keys.close();
    throw error;
  }
  return keys;
}

/**
 * The data folder holds personal data (sealed) and keys: the folder 0700 before anything is created in it, its
 * database files 0600 once opened (SQLite then gives a -wal or -shm file it creates the database file's mode).
 */
function privateDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700); // an existing folder, or one made under a loose umask
}

function privateFiles(dataDir: string): void {
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    if (entry.isFile() && /\.db(-wal|-shm)?$/.test(entry.name)) chmodSync(join(dataDir, entry.name), 0o600);
  }
}
