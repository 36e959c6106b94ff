import { assertCollectionName, DuplicateKeyError, fieldSegments, type AtomicWrite, type Collection, type Doc, type DocumentStore, type Filter, type FindOptions, type IndexSpec } from '../document-store';
import { checkFindOptions, compareStrings, compareValues, matches, parseFilter, valueAt } from '../filter';

/**
 * In-memory DocumentStore for unit tests: the same contract as the SQLite and MongoDB adapters. Every
 * operation runs without an await in between, so each is atomic, as a single-document write is on a server.
 */
export class MemoryDocumentStore implements DocumentStore {
  private readonly collections = new Map<string, MemoryCollection>();

  collection<T extends Doc = Doc>(name: string): Collection<T> {
    assertCollectionName(name);
    let found = this.collections.get(name);
    if (!found) this.collections.set(name, (found = new MemoryCollection(name)));
    return found as unknown as Collection<T>;
  }

  async writeAtomically(writes: readonly AtomicWrite[]): Promise<boolean> {
    const cols = writes.map((w) => this.collection(w.collection) as unknown as MemoryCollection);
    if (!writes.every((w, i) => w.put || w.delete || cols[i]!.holds(w.doc._id, w.ifVersion))) return false;
    const before = writes.map((w, i) => cols[i]!.snapshot(w.doc._id));
    try {
      for (const [i, w] of writes.entries()) if (w.put) cols[i]!.putNow(w.doc);
        else if (w.delete) cols[i]!.restore(w.doc._id, undefined);
        else cols[i]!.overwrite(w.doc, w.ifVersion);
    } catch (error) {
      for (const [i, w] of [...writes.entries()].reverse()) cols[i]!.restore(w.doc._id, before[i]);
      throw error;
    }
    return true;
  }

  async close(): Promise<void> {}
}

/** Stored as JSON text round-trips, so what the memory adapter accepts is what the SQL and BSON ones keep. */
const toJson = (doc: Doc): Doc => JSON.parse(JSON.stringify(doc)) as Doc;

class MemoryCollection implements Collection<Doc> {
  private readonly docs = new Map<string, Doc>();
  private readonly uniqueIndexes = new Map<string, string[][]>();

  constructor(private readonly name: string) {}

  async get(id: string): Promise<Doc | null> {
    const doc = this.docs.get(id);
    return doc ? toJson(doc) : null;
  }

  async put(doc: Doc): Promise<void> {
    this.putNow(doc);
  }

  putNow(doc: Doc): void {
    this.write({ ...toJson(doc), _version: doc._version ?? 0 });
  }

  async putIfVersion(doc: Doc, expectedVersion: number | undefined): Promise<boolean> {
    const stored = this.docs.get(doc._id);
    if (expectedVersion === undefined ? stored !== undefined : stored?._version !== expectedVersion) return false;
    this.write({ ...toJson(doc), _version: (expectedVersion ?? 0) + 1 });
    return true;
  }

  /** Whether the stored version is `expected` (undefined: no document), as putIfVersion checks it. */
  holds(id: string, expected: number | undefined): boolean {
    const stored = this.docs.get(id);
    return expected === undefined ? stored === undefined : stored?._version === expected;
  }

  overwrite(doc: Doc, expectedVersion: number | undefined): void {
    this.write({ ...toJson(doc), _version: (expectedVersion ?? 0) + 1 });
  }

  snapshot(id: string): Doc | undefined {
    return this.docs.get(id);
  }

  restore(id: string, doc: Doc | undefined): void {
    if (doc) this.docs.set(id, doc);
    else this.docs.delete(id);
  }

  async delete(id: string): Promise<boolean> {
    return this.docs.delete(id);
  }

  async find(filter?: Filter, options?: FindOptions): Promise<Doc[]> {
    const conditions = parseFilter(filter);
    const { sort, limit, afterId } = checkFindOptions(options);
    const byId = (a: Doc, b: Doc) => compareStrings(a._id, b._id) * sort.direction;
    let found = [...this.docs.values()].filter((d) => matches(d, conditions));
    if (afterId !== undefined) found = found.filter((d) => compareStrings(d._id, afterId) * sort.direction > 0);
    found.sort((a, b) => compareValues(valueAt(a, sort.path), valueAt(b, sort.path)) * sort.direction || byId(a, b));
    return (limit === undefined ? found : found.slice(0, limit)).map(toJson);
  }

  async count(filter?: Filter): Promise<number> {
    const conditions = parseFilter(filter);
    let n = 0;
    for (const d of this.docs.values()) if (matches(d, conditions)) n += 1;
    return n;
  }

  async ensureIndex(spec: IndexSpec): Promise<void> {
    if (spec.fields.length === 0) throw new Error('an index needs at least one field');
    const paths = spec.fields.map(fieldSegments);
    if (!spec.unique) return; // nothing to speed up in memory; only uniqueness changes behaviour
    const key = spec.fields.join(',');
    if (this.uniqueIndexes.has(key)) return;
    const seen = new Set<string>();
    for (const d of this.docs.values()) {
      const k = uniqueKey(d, paths);
      if (k === null) continue;
      if (seen.has(k)) throw new DuplicateKeyError(this.name, `index on ${key} over existing documents`);
      seen.add(k);
    }
    this.uniqueIndexes.set(key, paths);
  }

  async drop(): Promise<void> {
    this.docs.clear();
    this.uniqueIndexes.clear();
  }

  private write(doc: Doc): void {
    for (const [key, paths] of this.uniqueIndexes) {
      const k = uniqueKey(doc, paths);
      if (k === null) continue;
      for (const other of this.docs.values()) {
        if (other._id !== doc._id && uniqueKey(other, paths) === k) throw new DuplicateKeyError(this.name, `index on ${key}`);
      }
    }
    this.docs.set(doc._id, doc);
  }
}

/** Null when a field is missing or null: like SQLite's unique indexes, such documents never collide. */
function uniqueKey(doc: Doc, paths: string[][]): string | null {
  const values = paths.map((p) => valueAt(doc, p));
  return values.some((v) => v === null || v === undefined) ? null : JSON.stringify(values);
}
