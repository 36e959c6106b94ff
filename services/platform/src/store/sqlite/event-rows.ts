import type { Envelope } from '@grid/contracts';
import { CorruptEventError, withCanonicalText, type ChainFault } from '../hash-chain';

/** One row of `events`, as node:sqlite returns it. */
export interface EventRow {
  global_position: number;
  event_id: string;
  stream_id: string;
  stream_revision: number;
  type: string;
  canonical: string;
  hash: string;
}

/**
 * The envelope is the stored canonical text (the hashed bytes, attached for verification) plus the two
 * fields outside the hash. The columns beside it only index it: when they disagree with the text, the row
 * was altered, and reading it by stream or id would serve a different fact than the one hashed.
 */
export function decodeRow(row: EventRow): Envelope {
  const fault = (problem: ChainFault['problem']) =>
    new CorruptEventError({
      eventId: row.event_id,
      streamId: row.stream_id,
      streamRevision: row.stream_revision,
      globalPosition: row.global_position,
      problem,
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.canonical);
  } catch {
    throw fault('unreadable');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fault('unreadable');
  const text = parsed as Partial<Envelope>;
  if (
    text.eventId !== row.event_id ||
    text.streamId !== row.stream_id ||
    text.streamRevision !== row.stream_revision ||
    text.type !== row.type
  ) {
    throw fault('misplaced');
  }
  return withCanonicalText({ ...(text as Envelope), hash: row.hash, globalPosition: row.global_position }, row.canonical);
}
