import type { Doc, DocumentStore } from '../documents/document-store';

/**
 * Store-fed projections keep their checkpoint in the document store, beside the model, not in the event
 * store: a model that is dropped, restored from a backup or loses its last commits in a power cut takes
 * its position with it, and so is replayed from where it truly is instead of silently missing events.
 */
export const PROJECTION_CHECKPOINTS = 'projection_checkpoints';
export type CheckpointDoc = Doc & { position: number };
export const projectionCheckpointId = (projection: string): string => `projection:${projection}`;

/** A projection kept by position whose rebuild stopped before its first batch is refused: its documents are neither old nor new. */
export class InterruptedRebuildError extends Error {
  readonly code = 'interrupted-rebuild';
  constructor(projection: string) {
    super(`projection ${projection}: its rebuild was interrupted; rebuild it again (gridctl rebuild)`);
  }
}

export async function loadProjectionCheckpoint(docs: DocumentStore, projection: string): Promise<number> {
  const doc = await docs.collection<CheckpointDoc & { rebuilding?: true }>(PROJECTION_CHECKPOINTS).get(projectionCheckpointId(projection));
  if (doc?.rebuilding) throw new InterruptedRebuildError(projection);
  return doc?.position ?? 0;
}

export async function saveProjectionCheckpoint(docs: DocumentStore, projection: string, position: number): Promise<void> {
  await docs.collection<CheckpointDoc>(PROJECTION_CHECKPOINTS).put({ _id: projectionCheckpointId(projection), position });
}
