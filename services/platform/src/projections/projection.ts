import type { Envelope, EventShape, TypedEnvelope } from '@grid/contracts';
import type { Doc, DocumentStore, Filter, IndexSpec } from '../documents/document-store';

/** A read-model document as a projection sees it: its own fields and its id, no bookkeeping. */
export type ReadModel<T> = T & { _id: string };

/** What a projection may do while applying one event. */
export interface ProjectionContext {
  get<T extends object>(collection: string, id: string): Promise<ReadModel<T> | null>;
  /**
   * Applies `fn` to one document (null: none yet; returning null deletes it), unless that document has
   * already applied this event. `fn` must be pure: it is re-run when a concurrent writer wins the race.
   * Read what you need from the event rather than from other documents: after a crash some documents
   * may already hold this event's effect and others not.
   */
  update<T extends object>(collection: string, id: string, fn: (current: ReadModel<T> | null) => T | null): Promise<void>;
}

/**
 * A read model fed by events E (e.g. `Projection<GridRecordsEvent>`): `apply` switches on `e.type` and gets
 * `e.data` typed. The runners hand it only the types in `handles`, upcast to their newest version.
 */
export interface Projection<E extends EventShape = EventShape> {
  /** Stable: names the checkpoint (`projection:<name>`) and the bus group. */
  name: string;
  /** Every collection it writes: a rebuild drops exactly these, so writing any other is refused. */
  collections: string[];
  /** Event types it applies; others are passed over without a write. */
  handles: readonly E['type'][];
  /** Created before applying and again after a rebuild's drop (drop removes indexes). */
  indexes?: { collection: string; spec: IndexSpec }[];
  apply(event: TypedEnvelope<E>, ctx: ProjectionContext): Promise<void>;
  /**
   * Set when `apply` queries the document store itself (a `find` over its own collection), which cannot see a
   * batch's unwritten documents: `true` when any event it handles may query, else the types whose apply does.
   * The store-fed runner then writes each event before applying the next; a rebuild writes what it holds before
   * each of those events. Otherwise events are applied in memory and written in batches (ctx reads see the batch).
   */
  queriesDocuments?: true | readonly E['type'][];
  /**
   * Idempotence by position instead of `_seen`: fed from the store in global order only, its documents carry no
   * `_seen`, and what it has applied is its checkpoint, written in the same transaction as the documents
   * (DocumentStore.writeAtomically; a store without it refuses to run it). For a model whose documents each
   * gather many streams (an aggregate), where `_seen` would outgrow the document.
   */
  byPosition?: true;
  /**
   * A rebuild writes what this projection changed every this many events (default 500). More for a model whose few
   * documents every batch rewrites (an aggregate): fewer rewrites, for the memory of the documents the batch holds.
   */
  rebuildBatch?: number;
  /**
   * What replaying the log costs this projection, relative to the others of its service (default 1; e.g. measured
   * µs of CPU an event): a rebuild on worker threads balances its groups by it (rebuildGroups).
   */
  rebuildWeight?: number;
}

/** Whether applying an event of `type` may query the document store (Projection.queriesDocuments). */
export function queriesOn(projection: Projection, type: string): boolean {
  const { queriesDocuments: on } = projection;
  return on === true ? projection.handles.includes(type) : (on?.includes(type) ?? false);
}

/**
 * What a document stores besides the projection's fields. `_seen` maps each source stream to the last
 * revision applied to this document, which makes applying idempotent under redelivery and under any
 * order that keeps each stream's order (our bus partitions by stream, as Kafka does). A deletion leaves
 * a tombstone (`_deleted`), so a late redelivery cannot bring the document back.
 */
export type ProjectedDoc = Doc & { _seen: Record<string, number>; _deleted?: true };

/** Readers of a read model filter tombstones out with this (or add `_deleted: { $exists: false }`). */
export function liveOnly(filter: Filter = {}): Filter {
  return { ...filter, _deleted: { $exists: false } };
}

/** Writes that kept losing putIfVersion races; the event is retried as a whole, which is safe. */
export class ProjectionConflictError extends Error {
  readonly code = 'projection-conflict';
  constructor(projection: string, collection: string, id: string, attempts: number) {
    super(`projection ${projection}: ${collection}/${id} still contended after ${attempts} attempts`);
  }
}

const MAX_ATTEMPTS = 20;

// `.` in a stream id (the pattern allows it) would read as a path in MongoDB and is refused in field
// names by FerretDB; `%` cannot occur in a stream id, so percent-encoding the dot is unambiguous.
export const seenKey = (streamId: string): string => streamId.replaceAll('.', '%2E');

/** What a projection sees of a stored document: nothing of a tombstone, no bookkeeping fields. */
export function view<T>(stored: ProjectedDoc | null): ReadModel<T> | null {
  if (!stored || stored._deleted) return null;
  const { _seen, _version, _deleted, ...fields } = stored;
  return fields as ReadModel<T>;
}

/**
 * One update of one document: the document it becomes, or undefined when it already holds the event (its
 * `_seen` has that stream at that revision or later). Shared by the per-event context and the batches.
 */
export function applyToDoc<T extends object>(
  stored: ProjectedDoc | null,
  id: string,
  key: string | null,
  revision: number,
  fn: (current: ReadModel<T> | null) => T | null,
): ProjectedDoc | undefined {
  if (key === null) {
    // By position (Projection.byPosition): the checkpoint says what is applied, the document keeps no `_seen`.
    const next = fn(view<T>(stored));
    return (next === null ? { _id: id, _deleted: true } : { ...stripReserved(next), _id: id }) as ProjectedDoc;
  }
  const seen = stored?._seen ?? {};
  if ((seen[key] ?? -1) >= revision) return undefined;
  const next = fn(view<T>(stored));
  const _seen = { ...seen, [key]: revision };
  // Written even when nothing exists and nothing is made: the tombstone remembers `_seen`, so a
  // redelivery that later finds another stream's document here cannot act on it a second time.
  return next === null ? { _id: id, _deleted: true, _seen } : { ...stripReserved(next), _id: id, _seen };
}

/** The context for one event: every read and write goes through the projection's own collections. */
export function projectionContext(projection: Projection, docs: DocumentStore, event: Envelope): ProjectionContext {
  if (projection.byPosition) throw new Error(`projection ${projection.name} keeps its idempotence by position: it runs from the store in batches (runStoreProjections, rebuildProjections), never event by event`);
  const owned = new Set(projection.collections);
  const collection = (name: string) => {
    if (!owned.has(name)) throw new Error(`projection ${projection.name} writes ${name}, which is not in its collections (a rebuild would not drop it)`);
    return docs.collection<ProjectedDoc>(name);
  };
  const key = seenKey(event.streamId);

  return {
    async get<T extends object>(name: string, id: string) {
      return view<T>(await collection(name).get(id));
    },

    async update<T extends object>(name: string, id: string, fn: (current: ReadModel<T> | null) => T | null) {
      const col = collection(name);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
        const stored = await col.get(id);
        const doc = applyToDoc(stored, id, key, event.streamRevision, fn);
        if (doc === undefined) return; // this document already holds the event
        if (await col.putIfVersion(doc, stored?._version)) return;
      }
      throw new ProjectionConflictError(projection.name, name, id, MAX_ATTEMPTS);
    },
  };
}

export function stripReserved(fields: object): Record<string, unknown> {
  const { _id, _version, _seen, _deleted, ...rest } = fields as Record<string, unknown>;
  return rest;
}

/** The one way an event reaches a projection, shared by the live runner (store or bus) and the rebuild. */
export async function applyEvent(projection: Projection, docs: DocumentStore, event: Envelope): Promise<void> {
  if (!projection.handles.includes(event.type)) return;
  await projection.apply(event, projectionContext(projection, docs, event));
}
