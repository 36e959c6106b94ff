import type { Envelope } from '@grid/contracts';
import type { AtomicWrite, DocumentStore } from '../documents/document-store';
import { traceProjection } from '../telemetry/messaging-telemetry';
import { PROJECTION_CHECKPOINTS, projectionCheckpointId, type CheckpointDoc } from './checkpoints';
import { applyToDoc, seenKey, view, type ProjectedDoc, type Projection, type ProjectionContext, type ReadModel } from './projection';

/** One document as the batch holds it: what the store had (its version is the compare-and-set) and what it is now. */
interface Entry {
  collection: string;
  id: string;
  baseVersion: number | undefined;
  current: ProjectedDoc | null;
  dirty: boolean;
}

/**
 * Applies a run of events to one projection in memory and writes every document they changed at once: the
 * writes are issued side by side, so the SQLite document store commits them in one transaction (one commit
 * for a hundred events instead of one per document write), and MongoDB runs them concurrently. Each write is
 * a compare-and-set on the version the batch read; if any loses (another writer got there), the caller
 * applies the same events again on fresh reads: `_seen` passes over what already holds them, so documents
 * that did commit are not counted twice. Only the store-fed runner batches: it is the one writer of its model.
 */
export class ProjectionBatch {
  private readonly entries = new Map<string, Entry>();
  private readonly owned: Set<string>;
  readonly events: Envelope[] = [];

  constructor(
    private readonly projection: Projection,
    private readonly docs: DocumentStore,
  ) {
    this.owned = new Set(projection.collections);
  }

  /** Position-kept projections: the checkpoint as the batch's first event found it (the batch before is written by then). */
  private checkpointRead?: Promise<{ position: number; version: number | undefined }>;
  private get checkpointBase(): Promise<{ position: number; version: number | undefined }> {
    this.checkpointRead ??= this.docs
      .collection<CheckpointDoc>(PROJECTION_CHECKPOINTS)
      .get(projectionCheckpointId(this.projection.name))
      .then((c) => ({ position: c?.position ?? 0, version: c?._version }));
    return this.checkpointRead;
  }

  get size(): number {
    return this.events.length;
  }

  get lastPosition(): number | undefined {
    return this.events.at(-1)?.globalPosition;
  }

  /**
   * Applies one event to the batch (a pass-over for types the projection does not handle). All or nothing: when
   * the projection throws, the documents it changed for this event are as before and the event is not counted.
   */
  async apply(event: Envelope): Promise<void> {
    if (this.projection.byPosition) await this.checkpointBase;
    if (!this.projection.handles.includes(event.type)) {
      this.events.push(event);
      return;
    }
    const undo: (() => void)[] = [];
    try {
      await traceProjection(this.projection.name, event, () => this.projection.apply(event, this.context(event, undo)), 'envelope');
    } catch (error) {
      for (const step of undo.reverse()) step();
      throw error;
    }
    this.events.push(event);
  }

  /**
   * Writes what changed; false when a compare-and-set lost (re-apply the events on a new batch). A projection kept
   * by position (Projection.byPosition) writes its documents and, given `checkpoint`, its checkpoint in one
   * transaction, the checkpoint a compare-and-set on the version it had when the batch began: a batch applied
   * over a checkpoint another writer moved is not written. `withWrites`: more writes in that transaction (a retried dead
   * letter's delete: its checkpoint long past it, nothing else tells a restart it is applied).
   */
  async write(checkpoint?: number, withWrites: readonly AtomicWrite[] = []): Promise<boolean> {
    const dirty = [...this.entries.values()].filter((e) => e.dirty);
    if (this.projection.byPosition) return this.writeAtomically(dirty, checkpoint, withWrites);
    if (withWrites.length > 0) throw new Error(`projection ${this.projection.name}: writes beside its documents need it kept by position`);
    const results = await Promise.all(dirty.map((e) => this.docs.collection<ProjectedDoc>(e.collection).putIfVersion(e.current!, e.baseVersion)));
    return results.every(Boolean);
  }

  private async writeAtomically(dirty: Entry[], checkpoint: number | undefined, withWrites: readonly AtomicWrite[]): Promise<boolean> {
    if (!this.docs.writeAtomically) throw new Error(`projection ${this.projection.name} keeps its idempotence by position: it needs a document store with atomic writes (writeAtomically)`);
    const writes: AtomicWrite[] = [...dirty.map((e): AtomicWrite => ({ collection: e.collection, doc: e.current!, ifVersion: e.baseVersion })), ...withWrites];
    if (checkpoint !== undefined) {
      const base = await this.checkpointBase;
      if (checkpoint > base.position) {
        writes.push({ collection: PROJECTION_CHECKPOINTS, doc: { _id: projectionCheckpointId(this.projection.name), position: checkpoint }, ifVersion: base.version });
      }
    }
    return writes.length === 0 || this.docs.writeAtomically(writes);
  }



  private async entry(collection: string, id: string): Promise<Entry> {
    if (!this.owned.has(collection)) throw new Error(`projection ${this.projection.name} writes ${collection}, which is not in its collections (a rebuild would not drop it)`);
    const key = `${collection}\0${id}`;
    let entry = this.entries.get(key);
    if (!entry) {
      const stored = await this.docs.collection<ProjectedDoc>(collection).get(id);
      // Two reads of one new document in the same tick: the first to land is kept, both saw the same store.
      entry = this.entries.get(key) ?? { collection, id, baseVersion: stored?._version, current: stored, dirty: false };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private context(event: Envelope, undo: (() => void)[]): ProjectionContext {
    const key = this.projection.byPosition ? null : seenKey(event.streamId);
    return {
      get: async <T extends object>(collection: string, id: string) => view<T>((await this.entry(collection, id)).current),
      update: async <T extends object>(collection: string, id: string, fn: (current: ReadModel<T> | null) => T | null) => {
        const entry = await this.entry(collection, id);
        const doc = applyToDoc(entry.current, id, key, event.streamRevision, fn);
        if (doc === undefined) return; // this document already holds the event
        const { current, dirty } = entry;
        undo.push(() => Object.assign(entry, { current, dirty }));
        entry.current = doc;
        entry.dirty = true;
      },
    };
  }
}
