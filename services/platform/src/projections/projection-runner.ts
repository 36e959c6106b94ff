import type { Envelope } from '@grid/contracts';
import type { DocumentStore } from '../documents/document-store';
import type { EventStore } from '../store/event-store';
import { applyEvent, queriesOn, type Projection } from './projection';
import { ProjectionBatch } from './projection-batch';
import { RebuildDocuments } from './rebuild-documents';
import { dropDeadLettersOf, ensureDeadLetterIndexes } from './dead-letters';
import { runStoreProjections } from './store-projections';
import { traceProjection } from '../telemetry/messaging-telemetry'; // telemetry hooks
import { loadProjectionCheckpoint, PROJECTION_CHECKPOINTS, projectionCheckpointId, saveProjectionCheckpoint } from './checkpoints';

export { loadProjectionCheckpoint, PROJECTION_CHECKPOINTS, projectionCheckpointId, saveProjectionCheckpoint } from './checkpoints';

/** The slice of the Bus port a projection needs (any Bus adapter has it); kept local so projections do not depend on a bus. */
export interface ProjectionBus {
  subscribe(groupId: string, topics: string[], handler: (message: { value: Envelope }) => Promise<void>): Promise<{ caughtUp(timeoutMs?: number): Promise<void>; close(): Promise<void> }>;
}

/**
 * Where the events come from: the event store in global order (the embedded default), or bus topics in
 * per-stream order (production). `_seen` makes both, and any overlap between them, apply each event once.
 */
export type ProjectionSource = { kind: 'store'; store: Pick<EventStore, 'subscribeToAll'> } | { kind: 'bus'; bus: ProjectionBus; topics: string[] };

export const fromStore = (store: Pick<EventStore, 'subscribeToAll'>): ProjectionSource => ({ kind: 'store', store });
export const fromBus = (bus: ProjectionBus, topics: string[]): ProjectionSource => ({ kind: 'bus', bus, topics });

export interface ProjectionRunner {
  /** Resolves once everything the source held when called is applied (and, from the store, checkpointed). */
  caughtUp(): Promise<void>;
  /** The global position applied and written so far (store source); undefined for a bus source, whose positions are the bus's. */
  position(): number | undefined;
  /** Store source: resolves once everything up to `position` is written (at once when closed). */
  waitFor?(position: number): Promise<void>;
  /** Store source: applies now the dead letters operators asked to retry (dead-letters.ts). */
  retryDeadLetters?(): Promise<void>;
  close(): Promise<void>;
}

export interface RunProjectionOptions {
  projection: Projection;
  docs: DocumentStore;
  source: ProjectionSource;
  /** Store source: save the checkpoint after this many events (default 100); a lag only costs skipped redeliveries. */
  checkpointEvery?: number;
  /** Store source: at most this many events are applied in memory and written together (default 250). */
  maxBatch?: number;
}

async function ensureIndexes(projection: Projection, docs: DocumentStore): Promise<void> {
  for (const { collection, spec } of projection.indexes ?? []) await docs.collection(collection).ensureIndex(spec);
  await ensureDeadLetterIndexes(docs);
}

/** Runs a projection live: one consumer per projection for a store source; any number in the bus group. */
export async function runProjection(options: RunProjectionOptions): Promise<ProjectionRunner> {
  const { projection, docs, source } = options;
  await ensureIndexes(projection, docs);
  if (source.kind === 'bus') {
    if (projection.byPosition) throw new Error(`projection ${projection.name} keeps its idempotence by position: it runs from the store, in global order`);
    // telemetry: each apply in a span `project <name>`, child of the bus's `process <topic>` span
    const subscription = await source.bus.subscribe(`projection:${projection.name}`, source.topics, (message) => traceProjection(projection.name, message.value, () => applyEvent(projection, docs, message.value)));
    return { caughtUp: () => subscription.caughtUp(), position: () => undefined, close: () => subscription.close() };
  }

  return runStoreProjections({ projections: [projection], docs, store: source.store, checkpoints: CHECKPOINT_IO, ...pick(options) });
}

const CHECKPOINT_IO = { load: loadProjectionCheckpoint, save: saveProjectionCheckpoint };
const pick = (o: { checkpointEvery?: number | undefined; maxBatch?: number | undefined }) => ({
  ...(o.checkpointEvery !== undefined ? { checkpointEvery: o.checkpointEvery } : {}),
  ...(o.maxBatch !== undefined ? { maxBatch: o.maxBatch } : {}),
});

export interface RunProjectionGroupOptions {
  projections: Projection[];
  docs: DocumentStore;
  store: Pick<EventStore, 'subscribeToAll'>;
  checkpointEvery?: number;
  maxBatch?: number;
}

/**
 * Several store-fed projections on ONE subscription, their writes of a turn committed together (see
 * runStoreProjections). Each keeps its own checkpoint, so a projection added later, or rebuilt alone, catches
 * up from its own position while the others pass over what they already hold.
 */
export async function runProjectionGroup(options: RunProjectionGroupOptions): Promise<ProjectionRunner> {
  for (const projection of options.projections) await ensureIndexes(projection, options.docs);
  return runStoreProjections({ projections: options.projections, docs: options.docs, store: options.store, checkpoints: CHECKPOINT_IO, ...pick(options) });
}

const REBUILD_BATCH = 500;

export interface RebuildProjectionsOptions {
  projections: Projection[];
  docs: DocumentStore;
  store: Pick<EventStore, 'readAll'>;
}

/** rebuildProjections of one projection. */
export function rebuildProjection(options: Omit<RebuildProjectionsOptions, 'projections'> & { projection: Projection }): Promise<number> {
  return rebuildProjections({ projections: [options.projection], docs: options.docs, store: options.store });
}

/**
 * Drops the projections' collections and replays the whole store into them in one pass (docs/architecture.md
 * rule 2): prepareRebuild, replayProjections, finishRebuild. Stop the live runners first. Returns the position
 * reached, which is also saved as each one's checkpoint, so a store-fed runner started afterwards continues from
 * there; a bus-fed one re-reads what its group had not committed, and `_seen` passes over what the rebuild already
 * applied. rebuildInWorkers (read-side/rebuild-host.ts) runs the replay of groups of them on worker threads.
 */
export async function rebuildProjections(options: RebuildProjectionsOptions): Promise<number> {
  await prepareRebuild(options.projections, options.docs);
  const position = await replayProjections(options);
  await finishRebuild(options.projections, options.docs, position);
  return position;
}

/** A rebuild's start: each projection's checkpoint at 0 (or marked), its collections and dead letters dropped. */
export async function prepareRebuild(projections: readonly Projection[], docs: DocumentStore): Promise<void> {
  for (const projection of projections) {
    // Checkpoint first: a crash mid-rebuild must leave it at 0, never ahead of what the model holds. One kept by
    // position cannot replay over what is left (nothing would pass it over): marked, a runner refuses to start it.
    if (projection.byPosition) await docs.collection(PROJECTION_CHECKPOINTS).put({ _id: projectionCheckpointId(projection.name), position: 0, rebuilding: true });
    else await docs.collection(PROJECTION_CHECKPOINTS).delete(projectionCheckpointId(projection.name));
    for (const collection of projection.collections) await docs.collection(collection).drop();
    await dropDeadLettersOf(docs, projection.name);
    if (projection.queriesDocuments) await ensureIndexes(projection, docs);
  }
  await ensureDeadLetterIndexes(docs);
}

/** A rebuild's end: the indexes left for after the replay, then every checkpoint at the position reached. */
export async function finishRebuild(projections: readonly Projection[], docs: DocumentStore, position: number): Promise<void> {
  for (const projection of projections) if (!projection.queriesDocuments) await ensureIndexes(projection, docs);
  for (const projection of projections) await saveProjectionCheckpoint(docs, projection.name, position);
}

/**
 * The replay of a rebuild, into collections prepareRebuild emptied: each event is read and decoded once and applied
 * to every projection, each in its own batch of REBUILD_BATCH events (a projection's own `rebuildBatch`). Documents
 * are read and written through RebuildDocuments (but those of a projection kept by position, written with its
 * checkpoint at each of its batches): one never written is absent without a query, the last ones used are held in
 * memory and written when let go of (after each batch, together: one SQLite transaction) or at the end. Before an
 * event whose apply queries the documents (`queriesDocuments`), every change held is written first, so the query
 * sees every event before it; only those projections have their indexes during the replay, the others get them in
 * finishRebuild (built once over the written documents, not updated by every write). Returns the last position
 * read; `signal` stops it between events (another group's failure).
 */
export async function replayProjections(options: RebuildProjectionsOptions & { signal?: AbortSignal }): Promise<number> {
  const { projections, docs, store, signal } = options;
  const querying = projections.filter((p) => p.queriesDocuments);
  // Those kept by position write their documents with their checkpoint (writeAtomically): to the store, not held.
  const rebuilt = new RebuildDocuments(docs, new Set(projections.filter((p) => !p.byPosition).flatMap((p) => p.collections)));
  const batchOf = (p: Projection) => new ProjectionBatch(p, p.byPosition ? docs : rebuilt);
  let position = 0;
  const pending = projections.map(() => 0);
  const batches = projections.map(batchOf);
  // The rebuild is the only writer, so a lost compare-and-set means a live runner was not stopped: an error, not a retry.
  const write = async (which: number[]) => {
    // Those kept by position write their checkpoint with each batch: a crash mid-rebuild leaves them consistent.
    const written = await Promise.all(which.map((i) => batches[i]!.write(position)));
    const lost = written.indexOf(false);
    if (lost >= 0) throw new Error(`rebuilding ${projections[which[lost]!]!.name}: another writer changed its documents (stop the live runner first)`);
    for (const i of which) [batches[i], pending[i]] = [batchOf(projections[i]!), 0];
    // A flush renumbers what it writes: never under a batch still holding versions it read.
    if (projections.every((p, i) => p.byPosition || pending[i] === 0)) await rebuilt.flush(false);
  };
  const all = projections.map((_, i) => i);
  for await (const event of store.readAll({ fromPosition: 0 })) {
    signal?.throwIfAborted();
    if (querying.some((p) => queriesOn(p, event.type))) {
      if (pending.some((n) => n > 0)) await write(all);
      await rebuilt.flush();
    }
    for (const batch of batches) await batch.apply(event);
    position = event.globalPosition;
    const full = all.filter((i) => (pending[i] = pending[i]! + 1) >= (projections[i]!.rebuildBatch ?? REBUILD_BATCH));
    if (full.length > 0) await write(full);
  }
  await write(all);
  await rebuilt.flush();
  return position;
}
