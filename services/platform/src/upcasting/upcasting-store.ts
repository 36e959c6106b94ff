import { eventRegistry, type Envelope, type EventRegistry } from '@grid/contracts';
import type { EventStore } from '../store/event-store';
import { withMembers } from './forwarding-proxy';

/** What the read path needs of a registry: each envelope at its type's newest version. */
export type Upcaster = Pick<EventRegistry, 'current'>;

const written = new WeakMap<object, EventStore>();

/**
 * The store as its readers should see it: every read (streams, the log, look-ups by id or causation id,
 * subscriptions) hands out every event upcast to its type's newest version (EventRegistry.current); appends and
 * the rest go to the store as they are. The store keeps what was written, and the hashes cover that: the verifier
 * and the relay read `writtenEvents`.
 */
export function upcastingStore<S extends EventStore>(store: S, registry: Upcaster = eventRegistry): S {
  if (written.has(store)) return store;
  const current = (e: Envelope) => registry.current(e);
  const replaced: Partial<EventStore> = {
    readStream: async (streamId, options) => (await store.readStream(streamId, options)).map(current),
    readAll: (options) => mapped(store.readAll(options), current),
    readEvents: async (ids, options) => (await store.readEvents(ids, options)).map(current),
    readCausedBy: async (ids, options) => (await store.readCausedBy(ids, options)).map(current),
    subscribeToAll: (handler, options) => store.subscribeToAll((e) => handler(current(e)), options),
  };
  const upcasting = withMembers(store, replaced);
  written.set(upcasting, store);
  return upcasting;
}

/** The events as they were written (and hashed): the store under an upcasting one, or the store itself. */
export function writtenEvents<S extends object>(store: S): S | EventStore {
  return written.get(store) ?? store;
}

async function* mapped(events: AsyncIterable<Envelope>, map: (e: Envelope) => Envelope): AsyncIterable<Envelope> {
  for await (const e of events) yield map(e);
}
