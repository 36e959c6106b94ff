import { hash } from 'node:crypto';
import type { Envelope } from '@grid/contracts';
import { canonicalEnvelope } from './canonical-json';

/** The envelope as hashed: everything but `hash` and the store-assigned `globalPosition`. */
export type HashedPart = Omit<Envelope, 'hash' | 'globalPosition'>;

/**
 * RFC 8785 canonical JSON of the hashed part. `globalPosition` is left out because it is the store's
 * locator, not the fact: an export verified after import into another store (another position) stays valid.
 */
export function canonicalJson(part: HashedPart): string {
  return canonicalEnvelope(part);
}

/** sha256 of the UTF-8 text (or of the bytes as given), lower-case hex. */
export const sha256Hex = (text: string | Uint8Array): string => hash('sha256', text, 'hex');

/**
 * Adapters that keep the canonical text they hashed attach it here (non-enumerable), as a string or as its
 * UTF-8 bytes, so verification hashes what is stored instead of re-serialising: the parsed envelope comes
 * from that same text.
 */
export const CANONICAL_TEXT: unique symbol = Symbol('grid.canonicalText');

export function withCanonicalText<T extends object>(envelope: T, text: string | Uint8Array): T {
  Object.defineProperty(envelope, CANONICAL_TEXT, { value: text, enumerable: false });
  return envelope;
}

const utf8 = new TextDecoder();

/** The text that was hashed: as the adapter stored it when it kept it (SQLite), else written anew (RFC 8785). */
export function canonicalTextOf(part: HashedPart): string {
  const stored = (part as { [CANONICAL_TEXT]?: string | Uint8Array })[CANONICAL_TEXT];
  return stored === undefined ? canonicalJson(part) : typeof stored === 'string' ? stored : utf8.decode(stored);
}

export function hashOf(part: HashedPart): string {
  const stored = (part as { [CANONICAL_TEXT]?: string | Uint8Array })[CANONICAL_TEXT];
  return sha256Hex(stored ?? canonicalJson(part));
}

export interface ChainFault {
  eventId: string;
  streamId: string;
  streamRevision: number;
  globalPosition: number;
  /**
   * `unreadable`: the stored text is not an envelope any more; `misplaced`: the row's index columns
   * (stream, revision, id, type) disagree with the hashed text, so reads by stream would serve it wrongly.
   */
  problem: 'hash-mismatch' | 'broken-link' | 'revision-gap' | 'unreadable' | 'misplaced';
}

/**
 * Thrown by an adapter's read when a stored event cannot be handed out as it was hashed: readers get an
 * error instead of a guessed envelope, and the verifier turns it into a fault naming that event.
 */
export class CorruptEventError extends Error {
  readonly code = 'corrupt-event';
  constructor(readonly fault: ChainFault) {
    super(`event ${fault.eventId} (${fault.streamId}@${fault.streamRevision}, position ${fault.globalPosition}): ${fault.problem}`);
  }
}

/** Checks one event against its predecessor in the stream (undefined for the first). */
export function checkLink(event: Envelope, previous: Envelope | undefined, computedHash = hashOf(event)): ChainFault | null {
  const problem: ChainFault['problem'] | null =
    computedHash !== event.hash
      ? 'hash-mismatch'
      : event.streamRevision !== (previous ? previous.streamRevision + 1 : 0)
        ? 'revision-gap'
        : event.prevHash !== (previous ? previous.hash : null)
          ? 'broken-link'
          : null;
  if (problem === null) return null;
  const { eventId, streamId, streamRevision, globalPosition } = event;
  return { eventId, streamId, streamRevision, globalPosition, problem };
}
