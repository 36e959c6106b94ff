import type { Envelope, NewEvent } from '@grid/contracts';
import { knownMembers, type WrittenMembers } from './canonical-json';
import { sha256Hex } from './hash-chain';
import { uuidv7 } from './event-id';

export { hashedUuid, uuidv7, uuidv7Generator, uuidv7Time } from './event-id';

/** An envelope ready to store, without its global position (the store assigns it), and its hashed text. */
export interface SealedEvent {
  envelope: Omit<Envelope, 'globalPosition'>;
  canonical: string;
}

/** An event whose `actor` and `data` are JSON copies with their canonical text written (sealChecked makes these). */
export interface PreparedEvent {
  event: NewEvent;
  written?: WrittenMembers;
}

/**
 * Fills in what the writer left out and chains the hashes, starting after `head` (the stream's last
 * revision and hash, or null for a new stream). Shared by every EventStore adapter so all chain alike.
 * Unchecked: adapters call sealChecked, which refuses what the contract does not allow.
 */
export function sealEvents(
  streamId: string,
  head: { revision: number; hash: string } | null,
  events: NewEvent[],
  recordedAt?: string,
): SealedEvent[] {
  return sealPrepared(
    streamId,
    head,
    events.map((event) => ({ event })),
    recordedAt,
  );
}

/** sealEvents for events checked and copied beforehand, their `actor` and `data` text already written. */
export function sealPrepared(
  streamId: string,
  head: { revision: number; hash: string } | null,
  events: PreparedEvent[],
  recordedAt = new Date().toISOString(),
): SealedEvent[] {
  let revision = head ? head.revision : -1;
  let prevHash = head ? head.hash : null;
  return events.map(({ event: e, written }) => {
    revision += 1;
    const eventId = e.eventId ?? uuidv7();
    const envelope: Omit<Envelope, 'globalPosition'> = {
      eventId,
      type: e.type,
      schemaVersion: e.schemaVersion ?? 1,
      streamId,
      streamRevision: revision,
      occurredAt: e.occurredAt ?? recordedAt,
      recordedAt,
      actor: e.actor,
      ...(e.reason !== undefined ? { reason: e.reason } : {}),
      correlationId: e.correlationId ?? eventId,
      causationId: e.causationId ?? null,
      traceparent: e.traceparent ?? null,
      prevHash,
      data: e.data as Record<string, unknown>,
      hash: '', // set below, once the rest is written: the text leaves `hash` out
    };
    // Envelope members only, built here: written in their fixed order, no sort, no key check.
    const canonical = knownMembers(envelope as unknown as Record<string, unknown>, written);
    envelope.hash = sha256Hex(canonical);
    prevHash = envelope.hash;
    return { envelope, canonical };
  });
}

/** Resolves an idempotent re-append: the same ids already stored at the same place return the stored events. */
export function matchesStored(events: NewEvent[], stored: (Envelope | undefined)[]): boolean {
  return events.every((e, i) => stored[i] !== undefined && stored[i]!.eventId === e.eventId && stored[i]!.type === e.type);
}
