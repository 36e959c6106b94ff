// Global uniqueness of writer-given event ids on KurrentDB. Kurrent only de-duplicates ids within one
// stream, at the same expected revision; our contract also refuses an id already stored in another stream
// and turns a re-append of stored ids into an idempotent success, whatever the expected revision. So each
// writer-given id is claimed in its own stream `$grid-eventid-<id>` before the events are appended.
//
// Claims are written first and checked on read, since Kurrent 25.0 has no atomic multi-stream append: a
// claim whose place holds the claimed event means "stored"; a claim whose place holds another event is
// stale (its append lost a race) and is taken over; a claim whose place is still empty is either in flight
// or left by a crashed writer: the same stream may take it over (Kurrent's expected revision then lets
// only one copy in), another stream is refused, conservatively, as a duplicate.
import type { Envelope } from '@grid/contracts';
import type { AppendStreamState, RecordedEvent } from '@kurrent/kurrentdb-client';
import { DuplicateEventError } from '../event-store';
import { CLAIM_TYPE, claimStreamOf, conflictOf, NO_STREAM, parseClaim, type SealedEnvelope } from './mapping';

/** What the claims need from the store: small reads and appends, so this file stays free of the client. */
export interface ClaimIo {
  /** The last event of a stream; null when it does not exist. */
  last(stream: string): Promise<RecordedEvent | null>;
  /** Our envelope at one revision of a stream; null when there is none. */
  at(stream: string, revision: number): Promise<Envelope | null>;
  /**
   * Appends one JSON event under a fresh random id (never the claimed id: Kurrent would take a repeat for an
   * idempotent retry and let two claimers both succeed); rejects with WrongExpectedVersionError on a mismatch.
   */
  appendJson(stream: string, type: string, data: Record<string, unknown>, state: AppendStreamState): Promise<void>;
}

export type ClaimState = { kind: 'stored'; envelope: Envelope } | { kind: 'free'; state: AppendStreamState };

/** Another writer claimed the same id at the same moment: the whole append is tried again from the reads. */
export class ClaimRace extends Error {
  constructor(readonly eventId: string) {
    super(`event id ${eventId} was claimed concurrently`);
  }
}

export async function lookupClaims(io: ClaimIo, streamId: string, eventIds: string[]): Promise<Map<string, ClaimState>> {
  const entries = await Promise.all(eventIds.map(async (id) => [id, await lookupClaim(io, streamId, id)] as const));
  return new Map(entries);
}

async function lookupClaim(io: ClaimIo, streamId: string, eventId: string): Promise<ClaimState> {
  const last = await io.last(claimStreamOf(eventId));
  if (!last) return { kind: 'free', state: NO_STREAM };
  const takeOver: ClaimState = { kind: 'free', state: last.revision };
  const claim = parseClaim(last.data);
  if (!claim) return takeOver; // not a claim we wrote: overwrite it
  const target = await io.at(claim.streamId, claim.streamRevision);
  if (target) return target.eventId === eventId ? { kind: 'stored', envelope: target } : takeOver;
  if (claim.streamId === streamId) return takeOver;
  throw new DuplicateEventError(eventId, `claimed by an append to ${claim.streamId} that has not (yet) stored it`);
}

/** Claims each writer-given id of the sealed batch for its place; ClaimRace when another writer got there first. */
export async function writeClaims(io: ClaimIo, sealed: SealedEnvelope[], claims: Map<string, ClaimState>): Promise<void> {
  await Promise.all(
    sealed.map(async (e) => {
      const claim = claims.get(e.eventId);
      if (claim?.kind !== 'free') return; // a store-generated id: random, nothing to claim
      try {
        await io.appendJson(claimStreamOf(e.eventId), CLAIM_TYPE, { streamId: e.streamId, streamRevision: e.streamRevision }, claim.state);
      } catch (error) {
        if (conflictOf(error)) throw new ClaimRace(e.eventId);
        throw error;
      }
    }),
  );
}
