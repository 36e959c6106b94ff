import type { HandleResult } from '../decider/command-handler';

/**
 * What every write answers: the aggregate written (`id`, its stream is `<category>-<id>`) and that stream's
 * revision after the write, which the API sends as the ETag for the next If-Match.
 */
export interface WriteResult {
  id: string;
  revision: number;
}

/** Lets a handler answer only once the read models hold its events (read-your-writes for the caller). */
export interface ReadModelSync {
  /** Resolves when every read model has applied the store's events up to `position` (or a time limit passed). */
  reached(position: number): Promise<void>;
}

/** The write's result, after waiting for the read models to reach it (a no-op decision appends nothing). */
export async function settled(id: string, result: HandleResult<unknown>, sync: ReadModelSync): Promise<WriteResult> {
  if (result.position !== undefined) await sync.reached(result.position);
  return { id, revision: result.revision };
}
