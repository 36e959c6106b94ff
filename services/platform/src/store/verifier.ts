import type { Envelope } from '@grid/contracts';
import type { EventStore } from './event-store';
import { checkLink, type ChainFault } from './hash-chain';

export interface VerifyResult {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  /** The first event (in global order) whose hash or link is wrong. */
  firstFault: ChainFault | null;
}

/** Verifies one stream's hash chain from its first event. */
export async function verifyStream(store: EventStore, streamId: string): Promise<VerifyResult> {
  const events = await store.readStream(streamId);
  let previous: Envelope | undefined;
  for (const event of events) {
    const fault = checkLink(event, previous);
    if (fault) return { ok: false, eventsChecked: event.streamRevision + 1, streamsChecked: 1, firstFault: fault };
    previous = event;
  }
  return { ok: true, eventsChecked: events.length, streamsChecked: events.length > 0 ? 1 : 0, firstFault: null };
}

/** Verifies every stream in one pass over the global log, keeping only each stream's last hash. */
export async function verifyAll(store: EventStore): Promise<VerifyResult> {
  const last = new Map<string, Envelope>();
  let count = 0;
  for await (const event of store.readAll({ batchSize: 1000 })) {
    count += 1;
    const fault = checkLink(event, last.get(event.streamId));
    if (fault) return { ok: false, eventsChecked: count, streamsChecked: last.size, firstFault: fault };
    // Keep a slim copy: only what the next link check reads.
    last.set(event.streamId, { streamRevision: event.streamRevision, hash: event.hash } as Envelope);
  }
  return { ok: true, eventsChecked: count, streamsChecked: last.size, firstFault: null };
}
