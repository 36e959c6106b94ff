import { createHash } from 'node:crypto';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { assertCollectionName, DuplicateKeyError, fieldSegments, type Collection, type Doc, type DocumentStore, type Filter, type FindOptions, type IndexSpec } from '../document-store';
import { checkFindOptions, parseFilter } from '../filter';
import { fieldSql, querySql } from './sql-filter';

export interface SqliteDocumentStoreOptions {
  /** A file path (it may be the event store's file: tables are prefixed `doc_`), or ':memory:'. */
  path: string;
  /**
   * Default NORMAL: a read model is rebuilt from the event store, and its projection checkpoint is kept
   * in the same file, so a power cut that loses the last commits loses them together and they are replayed.
   */
  synchronous?: 'FULL' | 'NORMAL';
}

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

  constructor(options: SqliteDocumentStoreOptions) {
    const db = new DatabaseSync(options.path);
    db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}; PRAGMA busy_timeout = 5000;`);
    this.connection = new Connection(db);
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

  async close(): Promise<void> {
    this.connection.close();
  }
}

/** The database handle with its prepared statements; unique-index violations become DuplicateKeyError. */
class Connection {
  private readonly statements = new Map<string, StatementSync>();

  constructor(private readonly db: DatabaseSync) {}

  run<R>(collection: string, sql: string, params: SQLInputValue[], use: (s: StatementSync, p: SQLInputValue[]) => R): R {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    try {
      return use(statement, params);
    } catch (error) {
      throw asDuplicateKey(collection, error);
    }
  }

  exec(collection: string, sql: string): void {
    try {
      this.db.exec(sql);
    } catch (error) {
      throw asDuplicateKey(collection, error);
    }
  }

  close(): void {
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
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

  private all(sql: string, params: SQLInputValue[]): Doc[] {
    return this.connection.run(this.name, sql, params, (s, p) => s.all(...p)).map(fromRow);
  }

  private changes(sql: string, params: SQLInputValue[]): number {
    return Number(this.connection.run(this.name, sql, params, (s, p) => s.run(...p)).changes);
  }

  async get(id: string): Promise<Doc | null> {
    return this.all(`SELECT id, version, data FROM "${this.table}" WHERE id = ?`, [id])[0] ?? null;
  }

  async put(doc: Doc): Promise<void> {
    const sql = `INSERT INTO "${this.table}" (id, version, data) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET version = excluded.version, data = excluded.data`;
    this.changes(sql, toRow(doc, doc._version ?? 0));
  }

  async putIfVersion(doc: Doc, expectedVersion: number | undefined): Promise<boolean> {
    if (expectedVersion === undefined) {
      // The conflict target names the primary key only, so a unique index still raises its error.
      return this.changes(`INSERT INTO "${this.table}" (id, version, data) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING`, toRow(doc, 1)) === 1;
    }
    const [id, version, data] = toRow(doc, expectedVersion + 1);
    return this.changes(`UPDATE "${this.table}" SET version = ?, data = ? WHERE id = ? AND version = ?`, [version!, data!, id!, expectedVersion]) === 1;
  }

  async delete(id: string): Promise<boolean> {
    return this.changes(`DELETE FROM "${this.table}" WHERE id = ?`, [id]) === 1;
  }

  async find(filter?: Filter, options?: FindOptions): Promise<Doc[]> {
    const query = querySql(parseFilter(filter), checkFindOptions(options));
    return this.all(`SELECT id, version, data FROM "${this.table}"${query.sql}`, query.params);
  }

  async count(filter?: Filter): Promise<number> {
    const query = querySql(parseFilter(filter));
    const [row] = this.connection.run(this.name, `SELECT count(*) AS n FROM "${this.table}"${query.sql}`, query.params, (s, p) => s.all(...p));
    return Number((row as { n: number }).n);
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
    this.changes(`DELETE FROM "${this.table}"`, []);
    const indexes = this.connection.run(this.name, `SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, [this.table], (s, p) => s.all(...p));
    for (const { name } of indexes as { name: string }[]) this.connection.exec(this.name, `DROP INDEX IF EXISTS "${name.replaceAll('"', '""')}"`);
  }
}
