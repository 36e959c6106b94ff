import type { Envelope } from '@grid/contracts';
import { CorruptEventError, withCanonicalText, type ChainFault } from '../hash-chain';

/**
 * One row of `events` as the store's statements return it (arrays, not objects: one object less per row).
 * `canonical` comes as its stored UTF-8 bytes (`CAST(canonical AS BLOB)`): those are what was hashed, so
 * verification hashes them as they are and the text is decoded once, for JSON.parse, instead of being
 * decoded by SQLite's driver and encoded again for the hash.
 */
export type EventRow = [
  globalPosition: number,
  eventId: string,
  streamId: string,
  streamRevision: number,
  type: string,
  canonical: Uint8Array,
  hash: string,
];

/** The select list matching EventRow, in order. */
export const EVENT_COLUMNS = 'global_position, event_id, stream_id, stream_revision, type, CAST(canonical AS BLOB), hash';

const utf8 = new TextDecoder();

/**
 * The envelope is the stored canonical text (the hashed bytes, attached for verification) plus the two
 * fields outside the hash. The columns beside it only index it: when they disagree with the text, the row
 * was altered, and reading it by stream or id would serve a different fact than the one hashed.
 */
export function decodeRow(row: EventRow): Envelope {
  const [globalPosition, eventId, streamId, streamRevision, type, canonical, hash] = row;
  const fault = (problem: ChainFault['problem']) => new CorruptEventError({ eventId, streamId, streamRevision, globalPosition, problem });
  let parsed: unknown;
  try {
    // Not `fatal`: bytes that are not UTF-8 decode with U+FFFD and fail the hash of the stored bytes.
    parsed = JSON.parse(utf8.decode(canonical));
  } catch {
    throw fault('unreadable');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fault('unreadable');
  const text = parsed as Partial<Envelope>;
  if (text.eventId !== eventId || text.streamId !== streamId || text.streamRevision !== streamRevision || text.type !== type) {
    throw fault('misplaced');
  }
  // The parsed object is this read's alone: the two fields outside the hash go onto it, not onto a copy.
  const envelope = text as Envelope;
  envelope.hash = hash;
  envelope.globalPosition = globalPosition;
  return withCanonicalText(envelope, canonical);
}
