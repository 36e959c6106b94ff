/** A stored read-model document: the projection's data plus what it needs to stay idempotent. */
export type Doc = Record<string, unknown> & { _id: string };

/** Simple filters: equality on a (dotted) field, or one operator per field. */
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
  /** Sort by one field; `_id` breaks ties. Default `_id` ascending. */
  sort?: { field: string; direction: 1 | -1 };
  limit?: number;
  /** Keyset pagination: documents after this `_id` (with the default sort). */
  afterId?: string;
}

export interface IndexSpec {
  fields: string[];
  unique?: boolean;
}

export interface Collection<T extends Doc = Doc> {
  get(id: string): Promise<T | null>;
  /** Inserts or replaces the whole document. */
  put(doc: T): Promise<void>;
  /**
   * Replaces only if the stored document's `_version` equals `expectedVersion` (undefined: must not
   * exist); returns false on a lost race. The stored `_version` becomes `expectedVersion + 1`.
   */
  putIfVersion(doc: T, expectedVersion: number | undefined): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  find(filter?: Filter, options?: FindOptions): Promise<T[]>;
  count(filter?: Filter): Promise<number>;
  ensureIndex(spec: IndexSpec): Promise<void>;
  drop(): Promise<void>;
}

/** The document store port: read models, rebuildable at any time from the event store. */
export interface DocumentStore {
  collection<T extends Doc = Doc>(name: string): Collection<T>;
  close(): Promise<void>;
}
