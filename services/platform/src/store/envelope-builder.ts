import { randomUUID } from 'node:crypto';
import type { Envelope, NewEvent } from '@grid/contracts';
import { canonicalJson, sha256Hex, type HashedPart } from './hash-chain';

/** An envelope ready to store, without its global position (the store assigns it), and its hashed text. */
export interface SealedEvent {
  envelope: Omit<Envelope, 'globalPosition'>;
  canonical: string;
}

/**
 * Fills in what the writer left out and chains the hashes, starting after `head` (the stream's last
 * revision and hash, or null for a new stream). Shared by every EventStore adapter so all chain alike.
 */
export function sealEvents(streamId: string, head: { revision: number; hash: string } | null, events: NewEvent[], recordedAt = new Date().toISOString()): SealedEvent[] {
  let revision = head ? head.revision : -1;
  let prevHash = head ? head.hash : null;
  return events.map((e) => {
    revision += 1;
    const eventId = e.eventId ?? randomUUID();
    const part: HashedPart = {
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
    };
    const canonical = canonicalJson(part);
    const hash = sha256Hex(canonical);
    prevHash = hash;
    return { envelope: { ...part, hash }, canonical };
  });
}

/** Resolves an idempotent re-append: the same ids already stored at the same place return the stored events. */
export function matchesStored(events: NewEvent[], stored: (Envelope | undefined)[]): boolean {
  return events.every((e, i) => stored[i] !== undefined && stored[i]!.eventId === e.eventId && stored[i]!.type === e.type);
}
