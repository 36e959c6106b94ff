import type { Envelope, NewEvent } from '@grid/contracts';
import type { AppendOptions, EventStore } from '../store/event-store';

/** Appends, then reads the batch back as stored, with the global positions an append does not answer (AppendResult). */
export async function appendAndRead(store: EventStore, streamId: string, events: NewEvent[], options: AppendOptions): Promise<Envelope[]> {
  const { events: appended } = await store.append(streamId, events, options);
  if (appended.length === 0) return [];
  return store.readStream(streamId, { fromRevision: appended[0]!.streamRevision, maxCount: appended.length });
}
