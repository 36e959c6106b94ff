import { createHash } from 'node:crypto';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { assertCollectionName, DuplicateKeyError, fieldSegments, type AtomicWrite, type Collection, type Doc, type DocumentStore, type Filter, type FindOptions, type IndexSpec } from '../document-store';
import { checkFindOptions, parseFilter } from '../filter';
import { fieldSql, querySql, type SqlPart } from './sql-filter';
import { WalSync } from '../../util/wal-sync';
import { checkpointOffLoop, FALLBACK_AUTOCHECKPOINT_PAGES } from '../../util/wal-checkpointer';

export interface SqliteDocumentStoreOptions {
  /** A file path (it may be the event store's file: tables are prefixed `doc_`), or ':memory:'. */
  path: string;
  /**
   * Default NORMAL: a read model is rebuilt from the event store, and its projection checkpoint is kept
   * in the same file, so a power cut that loses the last commits loses them together and they are replayed.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /**
   * With FULL: run SQLite at NORMAL and make each group commit durable with an fdatasync of the WAL on the
   * thread pool (WalSync) before its writes settle: FULL's guarantee for every caller, without stalling the
   * event loop on the disk. Ignored for ':memory:'.
   */
  syncOffLoop?: boolean;
  /**
   * `PRAGMA secure_delete`: a deleted document's bytes are overwritten with zeros, not left in free space, and
   * purgeDeleted() moves that into the database file and empties the WAL (the personal-data keys: docs/audit.md).
   */
  secureDelete?: boolean;
  /** With syncOffLoop: told once when a WAL sync fails; the store takes no more writes (fail-stop), the owner should exit. */
  onDurabilityLost?: (error: unknown) => void;
}

const PURGE_RETRY_MS = 5000;

interface Row {
  id: string;
  version: number;
  data: string;
}

/** SQLITE_CONSTRAINT_UNIQUE: a unique index refused a write (the primary key has its own code, 1555). */
const SQLITE_CONSTRAINT_UNIQUE = 2067;
const STATEMENT_CACHE_LIMIT = 500;

/**
 * DocumentStore on Node's built-in SQLite: one table `doc_<collection>` per collection, the document as
 * JSON text beside its id and version, filters through json_extract, indexes as expression indexes.
 * Node's SQLite calls are synchronous, so each operation is atomic within this process; across processes
 * the conditional UPDATE / INSERT … ON CONFLICT statements keep putIfVersion a compare-and-set.
 */
export class SqliteDocumentStore implements DocumentStore {
  private readonly connection: Connection;
  private readonly tables = new Set<string>();
  private readonly releaseCheckpoints: () => Promise<void>;
  /**
   * Only with secureDelete: once every queued write is committed, a TRUNCATE checkpoint copies the zeroed pages
   * into the database file and truncates the WAL, whose older frames still held the deleted rows. Throws when a
   * reader kept the checkpoint from finishing (the bytes would remain): the caller retries.
   */
  readonly purgeDeleted?: () => Promise<void>;

  constructor(options: SqliteDocumentStoreOptions) {
    const db = new DatabaseSync(options.path);
    const offLoop = options.synchronous === 'FULL' && options.syncOffLoop === true && options.path !== ':memory:';
    const synchronous = options.synchronous === 'FULL' && !offLoop ? 'FULL' : 'NORMAL';
    db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous}; PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES};`);
    if (options.secureDelete) db.exec('PRAGMA secure_delete = ON');
    this.connection = new Connection(db, offLoop ? new WalSync(`${options.path}-wal`, options.onDurabilityLost) : undefined);
    // Checkpoints on a worker thread, not inside a COMMIT on the event loop (see wal-checkpointer).
    this.releaseCheckpoints = checkpointOffLoop(options.path, options.synchronous === 'FULL' ? 'FULL' : 'NORMAL');
    if (options.secureDelete) this.purgeDeleted = () => this.checkpointTruncate();
  }

  collection<T extends Doc = Doc>(name: string): Collection<T> {
    assertCollectionName(name);
    const table = `doc_${name}`;
    if (!this.tables.has(table)) {
      this.connection.exec(name, `CREATE TABLE IF NOT EXISTS "${table}" (id TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL) STRICT, WITHOUT ROWID`);
      this.tables.add(table);
    }
    return new SqliteCollection(name, table, this.connection) as unknown as Collection<T>;
  }

  /** One queued operation of the group commit, its statements under a savepoint: rolled back together when a compare-and-set loses or one throws. */
  writeAtomically(writes: readonly AtomicWrite[]): Promise<boolean> {
    const targets = writes.map((w) => ({ w, col: this.collection(w.collection) as unknown as SqliteCollection }));
    return this.connection.writeMany(
      targets.map(({ w, col }) => col.key(w.doc._id)),
      () => {
        this.connection.exec('', 'SAVEPOINT atomic_write', false);
        try {
          const done = targets.every(({ w, col }) => (w.put ? (col.putSync(w.doc), true) : w.delete ? (col.deleteSync(w.doc._id), true) : col.putIfVersionSync(w.doc, w.ifVersion)));
          this.connection.exec('', done ? 'RELEASE atomic_write' : 'ROLLBACK TO atomic_write; RELEASE atomic_write', false);
          return done;
        } catch (error) {
          if (this.connection.inTransaction()) this.connection.exec('', 'ROLLBACK TO atomic_write; RELEASE atomic_write', false);
          throw error;
        }
      },
    );
  }

  private async checkpointTruncate(): Promise<void> {
    await this.connection.settled();
    // The off-loop checkpointer's PASSIVE checkpoint holds the checkpoint lock for a moment (busy at once, no busy
    // handler): try again for a while; a reader that keeps its snapshot longer than that still fails the purge.
    const until = Date.now() + PURGE_RETRY_MS;
    while (this.connection.checkpointTruncate().busy !== 0) {
      if (Date.now() > until) throw new Error('purgeDeleted: a reader kept the WAL checkpoint from finishing; deleted bytes may remain, try again');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async close(): Promise<void> {
    await this.connection.close(this.releaseCheckpoints);
  }
}

/** One queued operation of a group commit: run inside the batch's transaction, settled after its COMMIT. */
interface Pending {
  /** `table\0id` of the document a write touches, so a later get of it keeps issue order. */
  key: string;
  op: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  ok?: boolean;
  value?: unknown;
}

/** More operations than this in one tick are committed in several transactions (bounds one loop stall). */
const MAX_BATCH = 1000;

/**
 * The database handle with its prepared statements; unique-index violations become DuplicateKeyError.
 *
 * Group commit: operations issued while others wait for their commit are queued and run at the next
 * setImmediate, in issue order, inside ONE transaction (BEGIN IMMEDIATE … COMMIT), so a burst of writes
 * (vault keys, projection documents) costs one commit (one fsync at FULL) instead of one each. Each
 * operation keeps its own result (a putIfVersion's compare-and-set, a DuplicateKeyError of its own
 * statement: SQLite rolls back only that statement); every promise settles only after the COMMIT, so no
 * caller acts on a write that is not durable, and a failed COMMIT rejects the whole batch. Reads run at
 * once and see committed state only: a write still waiting for its commit has not completed, so reading
 * before it is a legal (linearizable) order; a get of a document with a queued write waits behind it, so
 * `put(d)` then `get(d)` in this process still reads its own write. The transaction is opened and committed
 * within one synchronous flush, never held across ticks, so other connections to the file (the event
 * store may share it) are never left waiting on this one, and nobody ever reads uncommitted data.
 */
class Connection {
  private readonly statements = new Map<string, StatementSync>();
  private queue: Pending[] = [];
  /** Documents with a queued write (`table\0id`), with how many. */
  private readonly queued = new Map<string, number>();
  private scheduled = false;

  /** Commits whose writes wait for their WAL sync (syncOffLoop). */
  private readonly syncing = new Set<Promise<void>>();

  constructor(
    private readonly db: DatabaseSync,
    private readonly walSync?: WalSync,
  ) {}

  statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  run<R>(collection: string, sql: string, params: SQLInputValue[], use: (s: StatementSync, p: SQLInputValue[]) => R): R {
    try {
      return use(this.statement(sql), params);
    } catch (error) {
      throw asDuplicateKey(collection, error);
    }
  }

  /** A read, at once; behind the queue only when it reads a document (`key`) that has a queued write. */
  read<R>(op: () => R, key?: string): Promise<R> {
    if (key !== undefined && this.queued.has(key)) return this.write(key, op);
    try {
      return Promise.resolve(op());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** A write to document `key`: queued, run in the next group transaction, settled after its COMMIT. */
  write<R>(key: string, op: () => R): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ key, op, resolve: resolve as (value: unknown) => void, reject });
      this.queued.set(key, (this.queued.get(key) ?? 0) + 1);
      if (!this.scheduled) {
        this.scheduled = true;
        // A microtask, not setImmediate: a caller's chain of awaited writes (a projection working through
        // events) must not wait a loop turn per write; writes issued side by side (Promise.all) still
        // reach the queue before this runs, and share its transaction.
        queueMicrotask(() => this.flush(false));
      }
    });
  }

  /** A write of several documents (`keys`) as one queued operation. */
  writeMany<R>(keys: readonly string[], op: () => R): Promise<R> {
    if (keys.length === 0) return this.write('\0none', op);
    const [first, ...rest] = keys;
    for (const key of rest) this.queued.set(key, (this.queued.get(key) ?? 0) + 1);
    return this.write(first!, op).finally(() => {
      for (const key of rest) {
        const left = this.queued.get(key)! - 1;
        if (left === 0) this.queued.delete(key);
        else this.queued.set(key, left);
      }
    });
  }

  inTransaction(): boolean {
    return this.db.isTransaction;
  }

  /** Runs what is queued; `all` (schema changes, close) runs everything now, to keep issue order. */
  flush(all = true): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.length <= MAX_BATCH ? this.queue : this.queue.slice(0, MAX_BATCH);
      this.queue = this.queue.length <= MAX_BATCH ? [] : this.queue.slice(MAX_BATCH);
      this.commit(batch);
      if (!all && this.queue.length > 0) {
        // The rest at the next turn, letting requests through in between.
        this.scheduled = true;
        setImmediate(() => this.flush(false));
        return;
      }
    }
  }

  private commit(batch: Pending[]): void {
    let begun = 0; // index of the first operation of the current transaction
    try {
      this.walSync?.assertDurable();
      this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      fail(batch, 0, batch.length, error);
      this.settle(batch);
      return;
    }
    for (let i = 0; i < batch.length; i += 1) {
      const p = batch[i]!;
      try {
        p.value = p.op();
        p.ok = true;
      } catch (error) {
        p.ok = false;
        p.value = error;
        if (!this.db.isTransaction) {
          // SQLite rolled the whole transaction back (I/O error, disk full…): what ran before it is lost too.
          fail(batch, begun, i, error);
          begun = i + 1;
          try {
            this.db.exec('BEGIN IMMEDIATE');
          } catch (again) {
            fail(batch, i + 1, batch.length, again);
            break;
          }
        }
      }
    }
    if (this.db.isTransaction) {
      try {
        this.db.exec('COMMIT');
      } catch (error) {
        if (this.db.isTransaction) {
          try {
            this.db.exec('ROLLBACK');
          } catch {
            // The connection reports the original failure below.
          }
        }
        fail(batch, begun, batch.length, error);
      }
    }
    if (this.walSync && batch.some((p) => p.ok)) {
      // Committed, not yet durable: the batch's documents stay "queued" until the sync, so a get of one waits
      // behind it and nobody acts on a write a power cut could still take back.
      const done: Promise<void> = this.walSync.durable().then(
        () => this.settle(batch),
        (error: unknown) => {
          for (const p of batch) if (p.ok) Object.assign(p, { ok: false, value: error });
          this.settle(batch);
        },
      );
      this.syncing.add(done);
      void done.finally(() => this.syncing.delete(done));
      return;
    }
    this.settle(batch);
  }

  private settle(batch: Pending[]): void {
    for (const p of batch) {
      const left = this.queued.get(p.key)! - 1;
      if (left === 0) this.queued.delete(p.key);
      else this.queued.set(p.key, left);
    }
    for (const p of batch) (p.ok ? p.resolve : p.reject)(p.value);
  }

  /** `flushFirst` false: inside a queued operation (the queue is being run). */
  exec(collection: string, sql: string, flushFirst = true): void {
    if (flushFirst) this.flush();
    try {
      this.db.exec(sql);
    } catch (error) {
      throw asDuplicateKey(collection, error);
    }
  }

  /** Resolves once everything queued so far is committed (and synced, off the loop). */
  async settled(): Promise<void> {
    await this.write('\0settled', () => undefined);
    await Promise.allSettled([...this.syncing]);
  }

  checkpointTruncate(): { busy: number } {
    return this.db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get() as { busy: number };
  }

  async close(beforeClosing?: () => Promise<void>): Promise<void> {
    if (this.db.isOpen) this.flush();
    await Promise.allSettled([...this.syncing]);
    await this.walSync?.close();
    await beforeClosing?.();
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
  }
}

/** Operations [from, to) of a batch did not commit. */
function fail(batch: Pending[], from: number, to: number, error: unknown): void {
  for (let j = from; j < to; j += 1) {
    batch[j]!.ok = false;
    batch[j]!.value = error;
  }
}

function asDuplicateKey(collection: string, error: unknown): unknown {
  const errcode = (error as { errcode?: unknown } | null)?.errcode;
  return errcode === SQLITE_CONSTRAINT_UNIQUE ? new DuplicateKeyError(collection, (error as Error).message) : error;
}

const toRow = (doc: Doc, version: number): SQLInputValue[] => {
  const { _id, _version: _ignored, ...rest } = doc;
  return [_id, version, JSON.stringify(rest)];
};
const fromRow = (row: unknown): Doc => {
  const { id, version, data } = row as Row;
  return { _id: id, ...(JSON.parse(data) as Record<string, unknown>), _version: version };
};

class SqliteCollection implements Collection<Doc> {
  constructor(
    private readonly name: string,
    private readonly table: string,
    private readonly connection: Connection,
  ) {}

  key(id: string): string {
    return `${this.table}\u0000${id}`;
  }

  private all(sql: string, params: SQLInputValue[]): Doc[] {
    return this.connection.run(this.name, sql, params, (s, p) => s.all(...p)).map(fromRow);
  }

  private changes(sql: string, params: SQLInputValue[]): number {
    return Number(this.connection.run(this.name, sql, params, (s, p) => s.run(...p)).changes);
  }

  get(id: string): Promise<Doc | null> {
    return this.connection.read(() => this.all(`SELECT id, version, data FROM "${this.table}" WHERE id = ?`, [id])[0] ?? null, this.key(id));
  }

  async put(doc: Doc): Promise<void> {
    await this.connection.write(this.key(doc._id), () => this.putSync(doc));
  }

  /** The statement of a put, run now (inside a queued operation). */
  putSync(doc: Doc): void {
    const sql = `INSERT INTO "${this.table}" (id, version, data) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET version = excluded.version, data = excluded.data`;
    this.changes(sql, toRow(doc, doc._version ?? 0));
  }

  putIfVersion(doc: Doc, expectedVersion: number | undefined): Promise<boolean> {
    return this.connection.write(this.key(doc._id), () => this.putIfVersionSync(doc, expectedVersion));
  }

  /** The statement of a putIfVersion, run now (inside a queued operation). */
  putIfVersionSync(doc: Doc, expectedVersion: number | undefined): boolean {
    if (expectedVersion === undefined) {
      // The conflict target names the primary key only, so a unique index still raises its error.
      return this.changes(`INSERT INTO "${this.table}" (id, version, data) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING`, toRow(doc, 1)) === 1;
    }
    const [id, version, data] = toRow(doc, expectedVersion + 1);
    return this.changes(`UPDATE "${this.table}" SET version = ?, data = ? WHERE id = ? AND version = ?`, [version!, data!, id!, expectedVersion]) === 1;
  }

  delete(id: string): Promise<boolean> {
    return this.connection.write(this.key(id), () => this.deleteSync(id));
  }

  /** The statement of a delete, run now (inside a queued operation). */
  deleteSync(id: string): boolean {
    return this.changes(`DELETE FROM "${this.table}" WHERE id = ?`, [id]) === 1;
  }

  find(filter?: Filter, options?: FindOptions): Promise<Doc[]> {
    let query: SqlPart;
    try {
      query = querySql(parseFilter(filter), checkFindOptions(options));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.connection.read(() => this.all(`SELECT id, version, data FROM "${this.table}"${query.sql}`, query.params));
  }

  count(filter?: Filter): Promise<number> {
    let query: SqlPart;
    try {
      query = querySql(parseFilter(filter));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.connection.read(() => {
      const [row] = this.connection.run(this.name, `SELECT count(*) AS n FROM "${this.table}"${query.sql}`, query.params, (s, p) => s.all(...p));
      return Number((row as { n: number }).n);
    });
  }

  async ensureIndex(spec: IndexSpec): Promise<void> {
    if (spec.fields.length === 0) throw new Error('an index needs at least one field');
    const columns = spec.fields.map((f) => fieldSql(fieldSegments(f)).value);
    // Named by a digest of the spec: readable field names could collide (`a.b` vs `a_b`) or grow too long.
    const digest = createHash('sha256').update(JSON.stringify([spec.fields, !!spec.unique])).digest('hex').slice(0, 12);
    const unique = spec.unique ? 'UNIQUE ' : '';
    this.connection.exec(this.name, `CREATE ${unique}INDEX IF NOT EXISTS "${this.table}__ix_${digest}" ON "${this.table}" (${columns.join(', ')})`);
  }

  async drop(): Promise<void> {
    // The table stays (other handles on this collection keep working); its documents and indexes go.
    this.connection.flush();
    this.changes(`DELETE FROM "${this.table}"`, []);
    const indexes = this.connection.run(this.name, `SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, [this.table], (s, p) => s.all(...p));
    for (const { name } of indexes as { name: string }[]) this.connection.exec(this.name, `DROP INDEX IF EXISTS "${name.replaceAll('"', '""')}"`);
  }
}
