import { randomUUID } from 'node:crypto';
import type { Envelope, NewEvent } from '@grid/contracts';
import {
  CorruptEventError,
  MemoryEventStore,
  canonicalJson,
  sha256Hex,
  verifyAll,
  verifyStream,
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
} from '@grid/platform';

const actor = { id: 'verifier-test', role: 'auditor' } as const;
const probe = (n: number): NewEvent => ({ type: 'platform.probe.recorded', data: { n }, actor });

/**
 * An export in the wrong hands: serves the memory store's events through `alter`, as a tampered copy
 * would (the memory store itself hands out clones, so its own history cannot be changed from outside).
 */
function tampered(inner: EventStore, alter: (events: Envelope[]) => Envelope[]): EventStore {
  return {
    append: (s, e, o) => inner.append(s, e, o),
    readStream: async (s: string, o?: ReadStreamOptions) => alter(await inner.readStream(s, o)),
    async *readAll(o?: ReadAllOptions) {
      const all: Envelope[] = [];
      for await (const e of inner.readAll(o)) all.push(e);
      yield* alter(all);
    },
    readEvents: async (ids, o) => alter(await inner.readEvents(ids, o)),
    readCausedBy: async (ids, o) => alter(await inner.readCausedBy(ids, o)),
    headPosition: () => inner.headPosition(),
    subscribeToAll: (h, o) => inner.subscribeToAll(h, o),
    close: () => inner.close(),
  };
}

/** Re-seals an event after changing it, as a forger who knows the hash rule would. */
const resealed = (e: Envelope): Envelope => ({ ...e, hash: sha256Hex(canonicalJson(e)) });

let store: MemoryEventStore;
let a: string;
let b: string;
let victim: Envelope; // b's second event, in the middle of the global log
beforeEach(async () => {
  store = new MemoryEventStore();
  [a, b] = [`test-${randomUUID()}`, `test-${randomUUID()}`];
  for (let i = 0; i < 3; i += 1) {
    await store.append(a, [probe(i)], { expectedRevision: 'any' });
    await store.append(b, [probe(i)], { expectedRevision: 'any' });
  }
  victim = (await store.readStream(b))[1]!;
});
const at = (e: Envelope, problem: string) => ({
  eventId: e.eventId,
  streamId: e.streamId,
  streamRevision: e.streamRevision,
  globalPosition: e.globalPosition,
  problem,
});
const swap = (events: Envelope[], change: (e: Envelope) => Envelope) => events.map((e) => (e.eventId === victim.eventId ? change(e) : e));

describe('verifying the hash chain', () => {
  test('an untouched history verifies and says how much it checked', async () => {
    expect(await verifyAll(store)).toEqual({ ok: true, eventsChecked: 6, streamsChecked: 2, firstFault: null });
    expect(await verifyStream(store, b)).toEqual({ ok: true, eventsChecked: 3, streamsChecked: 1, firstFault: null });
  });

  test('an empty store and a missing stream verify with nothing checked', async () => {
    expect(await verifyAll(new MemoryEventStore())).toEqual({ ok: true, eventsChecked: 0, streamsChecked: 0, firstFault: null });
    expect(await verifyStream(store, 'test-missing')).toEqual({ ok: true, eventsChecked: 0, streamsChecked: 0, firstFault: null });
  });

  test('changed data is a hash mismatch of exactly that event', async () => {
    const forged = tampered(store, (events) => swap(events, (e) => ({ ...e, data: { n: 99 } })));
    expect((await verifyAll(forged)).firstFault).toEqual(at(victim, 'hash-mismatch'));
    expect((await verifyStream(forged, b)).firstFault).toEqual(at(victim, 'hash-mismatch'));
  });

  test('a changed and re-hashed event breaks the link from the next event', async () => {
    const forged = tampered(store, (events) => swap(events, (e) => resealed({ ...e, data: { n: 99 } })));
    const next = (await store.readStream(b))[2]!;
    expect((await verifyAll(forged)).firstFault).toEqual(at(next, 'broken-link'));
    expect((await verifyStream(forged, b)).firstFault).toEqual(at(next, 'broken-link'));
  });

  test('a removed event shows as a revision gap at the next one', async () => {
    const forged = tampered(store, (events) => events.filter((e) => e.eventId !== victim.eventId));
    const next = (await store.readStream(b))[2]!;
    expect((await verifyAll(forged)).firstFault).toEqual(at(next, 'revision-gap'));
  });

  test('two events of a stream served in swapped order are caught', async () => {
    const forged = tampered(store, (events) => (events.length === 3 ? [events[0]!, events[2]!, events[1]!] : events));
    expect((await verifyStream(forged, b)).firstFault).toMatchObject({ problem: 'revision-gap', streamRevision: 2 });
  });

  test('a verifier run counts the events up to and including the first fault', async () => {
    const forged = tampered(store, (events) => swap(events, (e) => ({ ...e, data: { n: 99 } })));
    expect(await verifyAll(forged)).toMatchObject({ ok: false, eventsChecked: 4, streamsChecked: 2 });
  });

  test('an event the store refuses to decode is a fault of that event, not a crash', async () => {
    const fault = at(victim, 'unreadable') as ConstructorParameters<typeof CorruptEventError>[0];
    const corrupt: EventStore = {
      ...tampered(store, (events) => events),
      readStream: async () => {
        throw new CorruptEventError(fault);
      },
      async *readAll() {
        yield* (await store.readStream(a)).slice(0, 1);
        throw new CorruptEventError(fault);
      },
    };
    expect(await verifyAll(corrupt)).toEqual({ ok: false, eventsChecked: 2, streamsChecked: 1, firstFault: fault });
    expect((await verifyStream(corrupt, b)).firstFault).toEqual(fault);
  });
});
