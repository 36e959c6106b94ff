import type { Envelope } from '@grid/contracts';
import type { Doc, DocumentStore } from '../documents/document-store';
import type { EventStore } from '../store/event-store';
import { applyEvent, type Projection } from './projection';
import { traceProjection } from '../telemetry/messaging-telemetry'; // telemetry hooks

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
  /** The global position applied so far (store source); undefined for a bus source, whose positions are the bus's. */
  position(): number | undefined;
  close(): Promise<void>;
}

export interface RunProjectionOptions {
  projection: Projection;
  docs: DocumentStore;
  source: ProjectionSource;
  /** Store source: save the checkpoint after this many events (default 100); a lag only costs skipped redeliveries. */
  checkpointEvery?: number;
}

/**
 * Store-fed projections keep their checkpoint in the document store, beside the model, not in the event
 * store: a model that is dropped, restored from a backup or loses its last commits in a power cut takes
 * its position with it, and so is replayed from where it truly is instead of silently missing events.
 */
export const PROJECTION_CHECKPOINTS = 'projection_checkpoints';
type CheckpointDoc = Doc & { position: number };
export const projectionCheckpointId = (projection: string): string => `projection:${projection}`;

export async function loadProjectionCheckpoint(docs: DocumentStore, projection: string): Promise<number> {
  return (await docs.collection<CheckpointDoc>(PROJECTION_CHECKPOINTS).get(projectionCheckpointId(projection)))?.position ?? 0;
}

export async function saveProjectionCheckpoint(docs: DocumentStore, projection: string, position: number): Promise<void> {
  await docs.collection<CheckpointDoc>(PROJECTION_CHECKPOINTS).put({ _id: projectionCheckpointId(projection), position });
}

async function ensureIndexes(projection: Projection, docs: DocumentStore): Promise<void> {
  for (const { collection, spec } of projection.indexes ?? []) await docs.collection(collection).ensureIndex(spec);
}

/** Runs a projection live: one consumer per projection for a store source; any number in the bus group. */
export async function runProjection(options: RunProjectionOptions): Promise<ProjectionRunner> {
  const { projection, docs, source } = options;
  await ensureIndexes(projection, docs);
  if (source.kind === 'bus') {
    // telemetry: each apply in a span `project <name>`, child of the bus's `process <topic>` span
    const subscription = await source.bus.subscribe(`projection:${projection.name}`, source.topics, (message) => traceProjection(projection.name, message.value, () => applyEvent(projection, docs, message.value)));
    return { caughtUp: () => subscription.caughtUp(), position: () => undefined, close: () => subscription.close() };
  }

  const checkpointEvery = options.checkpointEvery ?? 100;
  const from = await loadProjectionCheckpoint(docs, projection.name);
  let applied = from;
  let saved = from;
  let sinceSave = 0;
  // Saves run one after another, so a slower older save never lands after a newer one; a failed save
  // is reported to its caller and leaves the chain usable for the next.
  let saving = Promise.resolve();
  const save = () => {
    const next = saving.then(async () => {
      const position = applied;
      if (position === saved) return;
      await saveProjectionCheckpoint(docs, projection.name, position);
      saved = position;
    });
    saving = next.catch(() => undefined);
    return next;
  };

  const subscription = await source.store.subscribeToAll(
    async (event) => {
      // telemetry: each apply in a span `project <name>`, child of the envelope's traceparent (no bus span here)
      await traceProjection(projection.name, event, () => applyEvent(projection, docs, event), 'envelope');
      applied = event.globalPosition;
      sinceSave += 1;
      if (sinceSave >= checkpointEvery) {
        sinceSave = 0;
        await save();
      }
    },
    { fromPosition: from },
  );
  return {
    async caughtUp() {
      await subscription.caughtUp();
      await save();
    },
    position: () => applied,
    async close() {
      await subscription.close();
      await save();
    },
  };
}

export interface RebuildProjectionOptions {
  projection: Projection;
  docs: DocumentStore;
  store: Pick<EventStore, 'readAll'>;
}

/**
 * Drops the projection's collections and replays the whole store into them (DESIGN.md rule 2). Stop the
 * live runner first. Returns the position reached, which is also saved as the checkpoint, so a
 * store-fed runner started afterwards continues from there; a bus-fed one re-reads what its group
 * had not committed, and `_seen` passes over what the rebuild already applied.
 */
export async function rebuildProjection(options: RebuildProjectionOptions): Promise<number> {
  const { projection, docs, store } = options;
  // Checkpoint first: a crash mid-rebuild must leave it at 0, never ahead of what the model holds.
  await docs.collection(PROJECTION_CHECKPOINTS).delete(projectionCheckpointId(projection.name));
  for (const collection of projection.collections) await docs.collection(collection).drop();
  await ensureIndexes(projection, docs);
  let position = 0;
  for await (const event of store.readAll({ fromPosition: 0 })) {
    await applyEvent(projection, docs, event);
    position = event.globalPosition;
  }
  await saveProjectionCheckpoint(docs, projection.name, position);
  return position;
}
