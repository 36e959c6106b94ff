import type { Collection, Doc, DocumentStore, Filter, FindOptions, IndexSpec } from '../documents/document-store';

/** Documents held in memory, the least recently used let go first (~2 KB each). */
const HELD_DOCUMENTS = 20_000;

/** A document as the rebuild holds it; `doc._version` is the version the rebuild sees, `stored` the store's (none: not there yet). */
interface Held {
  collection: RebuiltCollection;
  doc: Doc;
  stored: number | undefined;
}

const dirty = (held: Held): boolean => held.doc._version !== held.stored;

/**
 * The document store as rebuildProjections sees it: the only writer of collections it has just emptied, so what it
 * wrote is all they hold. A document it never wrote is absent without a query; the last ones it used are held in
 * memory, and a compare-and-set on one of those is decided here and written later: when the document is let go
 * (`flush(false)`, which the rebuild calls after each batch), and for every held one at `flush()`, before a query of
 * the store and at the end. A document updated by many batches is written once instead of once a batch, and no
 * document is read back from SQLite (the query, then `JSON.parse`), which was a fifth of the rebuild's CPU. Used by one
 * caller at a time, as the rebuild does: a flush is not interleaved with the writes it settles.
 */
export class RebuildDocuments implements DocumentStore {
  /** `collection\0id` → the held document; a Map keeps insertion order, so the first key is the oldest use. */
  private readonly held = new Map<string, Held>();
  /** Let go of with changes the store does not have yet: still read from here until written. */
  private readonly unwritten = new Map<string, Held>();
  private readonly collections = new Map<string, Collection>();

  constructor(
    private readonly store: DocumentStore,
    /** The collections emptied for the rebuild; any other passes through untouched. */
    private readonly emptied: ReadonlySet<string>,
    private readonly capacity = HELD_DOCUMENTS,
  ) {}

  collection<T extends Doc = Doc>(name: string): Collection<T> {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = this.emptied.has(name) ? new RebuiltCollection(name, this.store.collection(name), this) : this.store.collection(name);
      this.collections.set(name, collection);
    }
    return collection as unknown as Collection<T>;
  }

  /** Writes the held documents' changes (`all`), or only those of documents let go of; throws when the store refuses one. */
  async flush(all = true): Promise<void> {
    const changed = [...this.unwritten.values(), ...(all ? [...this.held.values()].filter(dirty) : [])];
    this.unwritten.clear();
    const written = await Promise.all(changed.map((h) => h.collection.write(h.doc, h.stored)));
    if (written.includes(false)) throw new Error('another writer changed the documents being rebuilt (stop the live runner first)');
    // The store counted one write; the version the rebuild sees follows it, for the compare-and-sets to come.
    for (const h of changed) h.doc._version = h.stored = (h.stored ?? 0) + 1;
  }

  /** Not this view's to close: the store is the caller's. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  recall(key: string): Doc | undefined {
    const h = this.held.get(key);
    if (!h) return this.unwritten.get(key)?.doc;
    this.held.delete(key);
    this.held.set(key, h);
    return h.doc;
  }

  /** A compare-and-set on a held document, decided here; undefined when the document is not held (the store decides). */
  accept(key: string, doc: Doc, expectedVersion: number | undefined): boolean | undefined {
    const h = this.held.get(key) ?? this.unwritten.get(key);
    if (!h) return undefined;
    if (h.doc._version !== expectedVersion) return false;
    // Set on the written object itself: the batch that wrote it is done with it, and a copy of a large document costs.
    doc._version = (expectedVersion ?? 0) + 1;
    h.doc = doc;
    this.hold(key, h);
    return true;
  }

  hold(key: string, h: Held): void {
    this.unwritten.delete(key);
    this.held.delete(key);
    this.held.set(key, h);
    if (this.held.size <= this.capacity) return;
    const [oldest, out] = this.held.entries().next().value!;
    this.held.delete(oldest);
    if (dirty(out)) this.unwritten.set(oldest, out);
  }

  /** Lets go of a document without writing its changes (the caller overwrites or deletes it). */
  forget(key: string): void {
    this.held.delete(key);
    this.unwritten.delete(key);
  }

  forgetCollection(name: string): void {
    for (const map of [this.held, this.unwritten]) for (const key of map.keys()) if (key.startsWith(`${name}\0`)) map.delete(key);
  }
}

class RebuiltCollection implements Collection<Doc> {
  /** Ids the rebuild has made since the collection was emptied: any other is absent. */
  private readonly made = new Set<string>();

  constructor(
    private readonly name: string,
    private readonly inner: Collection,
    private readonly cache: RebuildDocuments,
  ) {}

  private key(id: string): string {
    return `${this.name}\0${id}`;
  }

  write(doc: Doc, storedVersion: number | undefined): Promise<boolean> {
    return this.inner.putIfVersion(doc, storedVersion);
  }

  async get(id: string): Promise<Doc | null> {
    const doc = this.cache.recall(this.key(id));
    if (doc) return doc;
    if (!this.made.has(id)) return null;
    const stored = await this.inner.get(id);
    if (stored) this.cache.hold(this.key(id), { collection: this, doc: stored, stored: stored._version });
    return stored;
  }

  async putIfVersion(doc: Doc, expectedVersion: number | undefined): Promise<boolean> {
    const key = this.key(doc._id);
    const accepted = this.cache.accept(key, doc, expectedVersion);
    if (accepted !== undefined) return accepted;
    if (!this.made.has(doc._id)) {
      if (expectedVersion !== undefined) return false;
      this.made.add(doc._id);
      doc._version = 1;
      this.cache.hold(key, { collection: this, doc, stored: undefined });
      return true;
    }
    // Made, then let go of and written: the store decides, and the document is held again as it now stands.
    const ok = await this.inner.putIfVersion(doc, expectedVersion);
    if (ok) {
      doc._version = (expectedVersion ?? 0) + 1;
      this.cache.hold(key, { collection: this, doc, stored: doc._version });
    }
    return ok;
  }

  async put(doc: Doc): Promise<void> {
    this.made.add(doc._id);
    this.cache.forget(this.key(doc._id));
    await this.inner.put(doc);
  }

  async delete(id: string): Promise<boolean> {
    await this.cache.flush();
    this.cache.forget(this.key(id));
    return this.inner.delete(id);
  }

  async find(filter?: Filter, options?: FindOptions): Promise<Doc[]> {
    await this.cache.flush();
    return this.inner.find(filter, options);
  }

  async count(filter?: Filter): Promise<number> {
    await this.cache.flush();
    return this.inner.count(filter);
  }

  ensureIndex(spec: IndexSpec): Promise<void> {
    return this.inner.ensureIndex(spec);
  }

  async drop(): Promise<void> {
    this.cache.forgetCollection(this.name);
    this.made.clear();
    await this.inner.drop();
  }
}
