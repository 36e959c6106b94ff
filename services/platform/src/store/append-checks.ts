import canonicalize from 'canonicalize';
import { EnvelopeSchema, type Envelope, type NewEvent } from '@grid/contracts';
import { DuplicateEventError } from './event-store';
import { matchesStored, sealEvents, type SealedEvent } from './envelope-builder';

/** A new event the store refuses to seal (bad type or stream name, data that is not JSON, …). */
export class InvalidEventError extends Error {
  readonly code = 'invalid-event';
  constructor(
    readonly streamId: string,
    readonly index: number,
    detail: string,
  ) {
    super(`stream ${streamId}, event ${index}: ${detail}`);
  }
}

const SealedSchema = EnvelopeSchema.omit({ globalPosition: true });

/**
 * sealEvents, then proves each event can be stored and read back as it was hashed: the canonical text must
 * parse (canonicalize writes `undefined` for a function value) and the parsed envelope must satisfy the
 * contract. The envelope handed on is the parsed text, so what an append returns equals what a read returns
 * (a Date in `data` comes back as its ISO string, in every adapter alike).
 */
export function sealChecked(
  streamId: string,
  head: { revision: number; hash: string } | null,
  events: NewEvent[],
  recordedAt?: string,
): SealedEvent[] {
  let sealed: SealedEvent[];
  try {
    sealed = sealEvents(streamId, head, events, recordedAt);
  } catch (error) {
    // canonicalize throws on BigInt, NaN, Infinity and (by stack overflow) on cycles.
    const index = events.findIndex((e) => !serialisable(e.data));
    throw new InvalidEventError(streamId, Math.max(index, 0), `cannot be serialised: ${(error as Error).message}`);
  }
  return sealed.map(({ envelope, canonical }, index) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(canonical);
    } catch {
      throw new InvalidEventError(streamId, index, 'data holds values JSON cannot carry (functions, symbols)');
    }
    const stored = { ...(parsed as Omit<Envelope, 'globalPosition'>), hash: envelope.hash };
    const checked = SealedSchema.safeParse(stored);
    if (!checked.success) {
      const issues = checked.error.issues.map((i) => `${i.path.join('.') || '(envelope)'}: ${i.message}`).join('; ');
      throw new InvalidEventError(streamId, index, issues);
    }
    return { envelope: stored, canonical };
  });
}

function serialisable(data: unknown): boolean {
  try {
    canonicalize(data);
    return true;
  } catch {
    return false;
  }
}

/**
 * Idempotent re-append: returns the stored events when every eventId of the batch is already stored, in
 * order, in this stream, with the same types; null when none is stored. Anything in between (some stored,
 * another stream, another type, an id twice in one batch) is a DuplicateEventError: never half a replay.
 */
export function findReplay(streamId: string, events: NewEvent[], lookup: (eventId: string) => Envelope | undefined): Envelope[] | null {
  const seen = new Set<string>();
  for (const e of events) {
    if (e.eventId === undefined) continue;
    if (seen.has(e.eventId)) throw new DuplicateEventError(e.eventId, 'appears twice in one append');
    seen.add(e.eventId);
  }
  const stored = events.map((e) => (e.eventId === undefined ? undefined : lookup(e.eventId)));
  const firstHit = stored.find((e) => e !== undefined);
  if (!firstHit) return null;
  const inPlace = stored.every((e, i) => e !== undefined && e.streamId === streamId && e.streamRevision === firstHit.streamRevision + i);
  if (!inPlace || !matchesStored(events, stored)) {
    throw new DuplicateEventError(firstHit.eventId, 'already stored with other content or in another place');
  }
  return stored as Envelope[];
}
