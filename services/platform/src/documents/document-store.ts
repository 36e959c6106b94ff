/**
 * A stored read-model document: plain JSON values (no Date, undefined or NaN: every adapter stores JSON
 * or BSON, and only JSON round-trips the same through all of them).
 */
export type Doc = Record<string, unknown> & {
  _id: string;
  /** Set by the store: bumped by putIfVersion; `put` keeps the document's own value (0 when absent). */
  _version?: number;
};

/**
 * Simple filters: equality on a (dotted) field, or one operator per field; fields are ANDed. Semantics
 * follow MongoDB so its adapter can pass filters through: `null` matches null or missing, `$ne` matches
 * missing, `$exists: true` matches null, comparisons only match values of the operand's type (a number
 * never compares with a string). Filters on array-valued fields are unspecified.
 */
export type FieldCondition =
  | string
  | number
  | boolean
  | null
  | { $in: (string | number | boolean)[] }
  | { $gt: string | number }
  | { $gte: string | number }
  | { $lt: string | number }
  | { $lte: string | number }
  | { $ne: string | number | boolean | null }
  | { $exists: boolean };
export type Filter = Record<string, FieldCondition>;

export interface FindOptions {
  /**
   * Sort by one field; `_id` breaks ties in the same direction, so descending is exactly ascending
   * reversed. Default `_id` ascending. Null and missing sort first (ascending); sort a field that holds
   * one scalar type: the order between types differs between servers.
   */
  sort?: { field: string; direction: 1 | -1 };
  /** A positive integer (MongoDB reads 0 as "no limit", so 0 is refused rather than ambiguous). */
  limit?: number;
  /** Keyset pagination: documents after this `_id` in `_id` order; only with the default (or `_id`) sort. */
  afterId?: string;
}

export interface IndexSpec {
  fields: string[];
  /** Duplicates among documents that have every field are refused; documents missing one are unspecified. */
  unique?: boolean;
}

/** Strings compare by Unicode code point (= UTF-8 byte order, as SQLite and MongoDB do), in sort, range and `_id` order. */
export interface Collection<T extends Doc = Doc> {
  get(id: string): Promise<T | null>;
  /** Inserts or replaces the whole document; last writer wins (it takes no part in optimistic concurrency). */
  put(doc: T): Promise<void>;
  /**
   * Replaces only if the stored document's `_version` equals `expectedVersion` (undefined: must not
   * exist); returns false on a lost race. The stored `_version` becomes `expectedVersion + 1` (1 on insert).
   * A unique-index violation is not a lost race: it throws DuplicateKeyError.
   */
  putIfVersion(doc: T, expectedVersion: number | undefined): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  find(filter?: Filter, options?: FindOptions): Promise<T[]>;
  count(filter?: Filter): Promise<number>;
  /** Idempotent. A unique index over existing duplicates, or a write that would duplicate, throws DuplicateKeyError. */
  ensureIndex(spec: IndexSpec): Promise<void>;
  /** Removes every document and every index (as MongoDB's drop does); the collection stays usable. */
  drop(): Promise<void>;
}

/**
 * One write of writeAtomically: a compare-and-set as putIfVersion's (`ifVersion` undefined: must not exist), with
 * `put: true` a plain put, or with `delete: true` a delete of `doc._id` (nothing to delete is no loss).
 */
export type AtomicWrite = { collection: string; doc: Doc } & (
  | { put: true; delete?: false }
  | { delete: true; put?: false }
  | { put?: false; delete?: false; ifVersion: number | undefined }
);

/** The document store port: read models, rebuildable at any time from the event store. */
export interface DocumentStore {
  /** Names: lowercase letter, then lowercase letters, digits, `_` (see assertCollectionName). */
  collection<T extends Doc = Doc>(name: string): Collection<T>;
  /**
   * Every write or none: false (nothing written) when any compare-and-set lost. What a projection that keeps its
   * idempotence by position needs (its documents and its checkpoint together). Stores without multi-document
   * transactions (the MongoDB adapter, which also runs on FerretDB v1) leave it out.
   */
  writeAtomically?(writes: readonly AtomicWrite[]): Promise<boolean>;
  /**
   * Makes the bytes of deleted documents gone from the store's files, not just unreachable (erasure: a shredded
   * data key). Stores that cannot promise it leave it out; callers that need it say so where they are configured.
   */
  purgeDeleted?(): Promise<void>;
  close(): Promise<void>;
}

/** A write would give two documents the same key of a unique index. */
export class DuplicateKeyError extends Error {
  readonly code = 'duplicate-key';
  constructor(
    readonly collection: string,
    detail: string,
  ) {
    super(`collection ${collection}: duplicate key (${detail})`);
  }
}

// Collection and field names end up in SQL identifiers and JSON paths (expression indexes cannot take
// bound parameters), so they are held to plain identifiers here, once, for every adapter. Lowercase
// only, because SQLite table names are case-insensitive and `Households` would meet `households`.
const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const FIELD_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export function assertCollectionName(name: string): void {
  if (!COLLECTION_NAME.test(name)) throw new Error(`collection name "${name}" must match ${COLLECTION_NAME}`);
}

/** A field is a dotted path of identifiers (`address.city`); returns its segments. */
export function fieldSegments(field: string): string[] {
  const segments = field.split('.');
  if (!segments.every((s) => FIELD_SEGMENT.test(s))) throw new Error(`field "${field}" must be dotted identifiers (${FIELD_SEGMENT})`);
  return segments;
}
