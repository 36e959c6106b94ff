import type { Envelope } from '@grid/contracts';
import type { EventStore } from './event-store';
import { checkLink, CorruptEventError, type ChainFault } from './hash-chain';
import { writtenEvents } from '../upcasting/upcasting-store';

export interface VerifyResult {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  /** The first event (in global order) whose hash or link is wrong. */
  firstFault: ChainFault | null;
}

const failed = (fault: ChainFault, eventsChecked: number, streamsChecked: number): VerifyResult => ({
  ok: false,
  eventsChecked,
  streamsChecked,
  firstFault: fault,
});

/** Verifies one stream's hash chain from its first event. */
export async function verifyStream(store: EventStore, streamId: string): Promise<VerifyResult> {
  let events: Envelope[];
  try {
    events = await writtenEvents(store).readStream(streamId); // as written, never upcast: the hashes cover that
  } catch (error) {
    // A row the adapter refuses to decode is a fault of that event, not a crash of the audit.
    if (error instanceof CorruptEventError) return failed(error.fault, error.fault.streamRevision + 1, 1);
    throw error;
  }
  let previous: Envelope | undefined;
  for (const event of events) {
    const fault = checkLink(event, previous);
    if (fault) return failed(fault, event.streamRevision + 1, 1);
    previous = event;
  }
  return { ok: true, eventsChecked: events.length, streamsChecked: events.length > 0 ? 1 : 0, firstFault: null };
}

/**
 * Verifies every stream in one pass over the global log, keeping only each stream's last hash. Needs only
 * `readAll` (an adapter, or an auditor's read-only view of one). For a SQLite file, verifyAllParallel
 * gives the same answer faster.
 */
export async function verifyAll(store: Pick<EventStore, 'readAll'>): Promise<VerifyResult> {
  const last = new Map<string, Envelope>();
  let count = 0;
  try {
    // As written, never upcast: the hashes cover what was written.
    for await (const event of writtenEvents(store).readAll({ batchSize: 1000 })) {
      count += 1;
      const fault = checkLink(event, last.get(event.streamId));
      if (fault) return failed(fault, count, last.size);
      // Keep a slim copy: only what the next link check reads.
      last.set(event.streamId, { streamRevision: event.streamRevision, hash: event.hash } as Envelope);
    }
  } catch (error) {
    if (error instanceof CorruptEventError) return failed(error.fault, count + 1, last.size);
    throw error;
  }
  return { ok: true, eventsChecked: count, streamsChecked: last.size, firstFault: null };
}
