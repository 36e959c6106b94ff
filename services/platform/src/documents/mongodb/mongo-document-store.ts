import { createHash } from 'node:crypto';
import {
  MongoClient,
  MongoServerError,
  type Collection as MongoCollection,
  type Db,
  type Filter as MongoFilter,
  type MongoClientOptions,
} from 'mongodb';
import {
  assertCollectionName,
  DuplicateKeyError,
  fieldSegments,
  type Collection,
  type Doc,
  type DocumentStore,
  type Filter,
  type FindOptions,
  type IndexSpec,
} from '../document-store';
import { checkFindOptions, parseFilter } from '../filter';
import { DocumentLocks } from './document-lock';
import { queryToMongo, sortToMongo, uniquePartialFilter } from './filter-to-mongo';
import { serverProfile, type ServerProfile } from './server-profile';

export interface MongoDocumentStoreOptions {
  /** A MongoDB connection string (`mongodb://…` or `mongodb+srv://…`). */
  url: string;
  /** The database holding the read models; collections keep their port names (`households`). */
  database: string;
  /** Passed to the driver (TLS, pool size, timeouts…); `ignoreUndefined` is always on. */
  clientOptions?: MongoClientOptions;
  /** What the server can do; asked of the server (buildInfo) when not given. */
  profile?: ServerProfile;
}

/** Raised by the server for a unique-index violation (11001 and 12582 are older spellings of it). */
const DUPLICATE_KEY_CODES = new Set([11000, 11001, 12582]);
/** NamespaceNotFound: dropping a collection that was never written. */
const NAMESPACE_NOT_FOUND = 26;
/** put retries an upsert that lost an insert race on `_id` (see put); more than one loss in a row is not a race. */
const UPSERT_ATTEMPTS = 3;

/**
 * DocumentStore on MongoDB: one collection per port collection, the document stored as it is (string
 * `_id`, `_version` a plain field). Every operation is single-document commands (no sessions,
 * transactions, change streams or update pipelines), so the adapter runs unchanged on MongoDB and on
 * FerretDB v1, which has none of those. putIfVersion is a compare-and-set on `{ _id, _version }`: one
 * filtered replace; on FerretDB v1, which does not apply a filtered update atomically, the same replace
 * under a per-document lock (document-lock.ts). What the server can do: server-profile.ts.
 */
export class MongoDocumentStore implements DocumentStore {
  private readonly locks: DocumentLocks;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly profile: ServerProfile,
  ) {
    this.locks = DocumentLocks.in(db);
  }

  static async connect(options: MongoDocumentStoreOptions): Promise<MongoDocumentStore> {
    // ignoreUndefined: BSON would store an undefined field as null, JSON (the other adapters) drops it.
    const client = new MongoClient(options.url, { ...options.clientOptions, ignoreUndefined: true });
    await client.connect();
    return MongoDocumentStore.open(client, options.database, options.profile);
  }

  /** On a client made by the caller (sharing it, or watching its commands); close() closes it. */
  static async open(client: MongoClient, database: string, profile?: ServerProfile): Promise<MongoDocumentStore> {
    if (client.bsonOptions.ignoreUndefined !== true) throw new Error('MongoDocumentStore.open needs a client made with ignoreUndefined: true');
    const db = client.db(database);
    return new MongoDocumentStore(client, db, profile ?? (await serverProfile(db)));
  }

  collection<T extends Doc = Doc>(name: string): Collection<T> {
    // The port's names (lowercase identifier) are already valid MongoDB names: no `$`, no `.`, so
    // neither `system.*` nor a sub-collection can be reached; nothing else to escape.
    assertCollectionName(name);
    return new MongoDocCollection(name, this.db.collection<Doc>(name), this.profile, this.locks) as unknown as Collection<T>;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/**
 * What a document stores: its JSON form (the port allows JSON values only; a Date, NaN or toJSON object
 * would otherwise round-trip differently here than through SQLite's JSON text) with its version.
 */
const stored = (doc: Doc, version: number): Doc => ({ ...(JSON.parse(JSON.stringify(doc)) as Doc), _version: version });

/** A document written outside the port may lack `_version`; it reads as 0, like a plain put. */
const fromMongo = (doc: Doc): Doc => (typeof doc._version === 'number' ? doc : { ...doc, _version: 0 });

/** FerretDB v1 reports a unique index refusing an update or an index build as SQLite's error inside an InternalError. */
const SQLITE_UNIQUE = /UNIQUE constraint failed/;

const isDuplicateKey = (error: unknown): error is MongoServerError =>
  error instanceof MongoServerError &&
  ((typeof error.code === 'number' && DUPLICATE_KEY_CODES.has(error.code)) || (error.codeName === 'InternalError' && SQLITE_UNIQUE.test(error.message)));

/**
 * Whether a duplicate-key error came from the `_id` index (a lost insert race) rather than a unique index
 * of ours, if the error says: MongoDB 4.4+ in `keyPattern`, older MongoDB by naming the index in the
 * message (`_id_` is a name no ensureIndex gives: they are `ix_…`). FerretDB v1 says neither.
 */
function idIndexNamed(error: MongoServerError): boolean | undefined {
  const keyPattern = (error as { keyPattern?: unknown }).keyPattern;
  if (keyPattern && typeof keyPattern === 'object') {
    const keys = Object.keys(keyPattern);
    return keys.length === 1 && keys[0] === '_id';
  }
  const index = / index: (\S+) /.exec(error.message)?.[1];
  return index === undefined ? undefined : index === '_id_';
}

class MongoDocCollection implements Collection<Doc> {
  constructor(
    private readonly name: string,
    private readonly col: MongoCollection<Doc>,
    private readonly profile: ServerProfile,
    private readonly locks: DocumentLocks,
  ) {}

  private duplicate(error: MongoServerError): DuplicateKeyError {
    return new DuplicateKeyError(this.name, error.message);
  }

  /** Where the error does not say which index refused the write, a document holding the `_id` means it was the `_id` index. */
  private async onIdIndex(error: MongoServerError, id: string): Promise<boolean> {
    return idIndexNamed(error) ?? (await this.col.findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
  }

  async get(id: string): Promise<Doc | null> {
    const doc = await this.col.findOne({ _id: id });
    return doc ? fromMongo(doc) : null;
  }

  async put(doc: Doc): Promise<void> {
    const replacement = stored(doc, doc._version ?? 0);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.col.replaceOne({ _id: doc._id }, replacement, { upsert: true });
        return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Two upserts of a new `_id` can both miss and both insert; the loser gets E11000 on `_id`.
        // MongoDB 4.2+ retries that itself, FerretDB does not: the document now exists, so again.
        if (attempt >= UPSERT_ATTEMPTS || !(await this.onIdIndex(error, doc._id))) throw this.duplicate(error);
      }
    }
  }

  async putIfVersion(doc: Doc, expectedVersion: number | undefined): Promise<boolean> {
    try {
      if (expectedVersion === undefined) {
        // Must not exist: a plain insert, refused by the `_id` index when someone was first.
        await this.col.insertOne(stored(doc, 1));
        return true;
      }
      // Version 0 also matches a document without `_version` (written outside the port), which get
      // reports at 0: otherwise a reader could never win the compare-and-set it was told to make.
      const version = expectedVersion === 0 ? { $in: [0, null] } : expectedVersion;
      const replace = async () => (await this.col.replaceOne({ _id: doc._id, _version: version } as MongoFilter<Doc>, stored(doc, expectedVersion + 1))).matchedCount === 1;
      // Where the server's filtered replace is no compare-and-set, no other putIfVersion runs between its query and its write while the lock is held.
      return await (this.profile.atomicFilteredUpdate ? replace() : this.locks.withLock(this.name, doc._id, replace));
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      if (expectedVersion === undefined && (await this.onIdIndex(error, doc._id))) return false; // lost the insert race
      throw this.duplicate(error); // a unique index of ours: not a race, the port says throw
    }
  }

  async delete(id: string): Promise<boolean> {
    return (await this.col.deleteOne({ _id: id })).deletedCount === 1;
  }

  async find(filter?: Filter, options?: FindOptions): Promise<Doc[]> {
    const checked = checkFindOptions(options);
    const cursor = this.col.find(queryToMongo(parseFilter(filter), checked), { sort: sortToMongo(checked) });
    // checkFindOptions refuses 0, which the server would read as "no limit".
    if (checked.limit !== undefined) cursor.limit(checked.limit);
    return (await cursor.toArray()).map(fromMongo);
  }

  async count(filter?: Filter): Promise<number> {
    // countDocuments (an aggregation), not the metadata estimate: the estimate ignores the filter and
    // can be off after an unclean shutdown.
    return this.col.countDocuments(queryToMongo(parseFilter(filter)));
  }

  async ensureIndex(spec: IndexSpec): Promise<void> {
    if (spec.fields.length === 0) throw new Error('an index needs at least one field');
    for (const field of spec.fields) fieldSegments(field);
    // Without partial indexes (FerretDB v1) a plain unique index still passes over documents lacking a
    // key field (its SQLite NULLs are distinct), but not two that hold null or the same array.
    const options = !spec.unique ? {} : this.profile.partialIndexes ? { unique: true, partialFilterExpression: uniquePartialFilter(spec.fields) } : { unique: true };
    // Named by a digest of key and options: createIndex with an existing name and the same definition
    // is a no-op (idempotent), and default names (`a_1_b_1`) could exceed old servers' name limits.
    const digest = createHash('sha256')
      .update(JSON.stringify([spec.fields, options]))
      .digest('hex')
      .slice(0, 12);
    try {
      await this.col.createIndex(Object.fromEntries(spec.fields.map((f) => [f, 1])), { ...options, name: `ix_${digest}` });
    } catch (error) {
      if (isDuplicateKey(error)) throw this.duplicate(error); // a unique index over existing duplicates
      throw error;
    }
  }

  async drop(): Promise<void> {
    try {
      // Documents and indexes go together; the next write recreates the collection, so handles stay usable.
      await this.col.drop();
    } catch (error) {
      // The driver already passes over NamespaceNotFound from MongoDB 7+; older servers send it.
      if (error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND) return;
      throw error;
    }
  }
}
