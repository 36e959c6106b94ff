import { randomUUID } from 'node:crypto';
import { probeRecorded, type NewEvent } from '@grid/contracts';
import { ConcurrencyError, DuplicateEventError, verifyAll, verifyStream } from '@grid/platform';
import { eventStoreContract } from '@grid/platform/testing';
import { KurrentDbEventStore } from '../../src/store/kurrentdb/kurrentdb-event-store';
import { claimStreamOf } from '../../src/store/kurrentdb/mapping';
import { KurrentStandIn } from './kurrentdb-stand-in';

// The KurrentDB adapter's own logic over an in-memory model of the server (kurrentdb-stand-in.ts), so it
// runs in every `npm test`. It proves the adapter keeps the contract IF the server behaves as modelled;
// the same suite against a real KurrentDB is kurrentdb-event-store.infra.test.ts.

const actor = { id: 'logic-test', role: 'system' } as const;
const probe = (n: number, extra: Partial<NewEvent> = {}): NewEvent => ({ type: probeRecorded.type, data: { n }, actor, ...extra });
const open = (server: KurrentStandIn) => KurrentDbEventStore.withClient(server.client(), { pollMs: 20 });

eventStoreContract('KurrentDbEventStore over the in-memory KurrentDB stand-in', async () => {
  // Up to 2 ms per call, in random order: the races of the suite play out differently on every run.
  const server = new KurrentStandIn(2);
  const stores = [await open(server)];
  return {
    store: stores[0]!,
    reopen: async () => {
      const again = await open(server);
      stores.push(again);
      return again;
    },
    cleanup: async () => {
      for (const s of stores) await s.close();
    },
  };
});

describe('KurrentDbEventStore beyond the contract (stand-in)', () => {
  let server: KurrentStandIn;
  let store: KurrentDbEventStore;
  beforeEach(async () => {
    server = new KurrentStandIn();
    store = await open(server);
  });
  afterEach(() => store.close());

  test('bookkeeping (claims, checkpoints, stream metadata) lives in $-streams and never reaches readers', async () => {
    const sub = await store.subscribeToAll(() => undefined, { checkpoint: 'relay' });
    const { events } = await store.append('household-1', [probe(0, { eventId: randomUUID() })], { expectedRevision: 'no-stream' });
    await sub.caughtUp();
    await sub.close();
    const streams = new Set(server.log.map((r) => r.streamId));
    expect(streams).toEqual(
      new Set(['household-1', claimStreamOf(events[0]!.eventId), '$grid-checkpoint-relay', '$$$grid-checkpoint-relay']),
    );
    const all = [];
    for await (const e of store.readAll()) all.push(e);
    expect(all).toEqual(events);
    // The head is the last event readAll hands out, though checkpoint events were written after it.
    expect(await store.headPosition()).toBe(events[0]!.globalPosition);
  });

  test('positions are the server’s (non-contiguous) commit positions', async () => {
    const { events } = await store.append('household-2', [probe(0), probe(1)], { expectedRevision: 'no-stream' });
    const logged = server.log.filter((r) => r.streamId === 'household-2').map((r) => Number(r.position));
    expect(events.map((e) => e.globalPosition)).toEqual(logged);
    expect(logged[1]! - logged[0]!).toBeGreaterThan(1);
  });

  test("'any' chains onto a concrete head: racing 'any' writers all land, one chain, no gaps", async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.append('household-3', [probe(i)], { expectedRevision: 'any' })));
    const events = await store.readStream('household-3');
    expect(events.map((e) => e.streamRevision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect((await verifyStream(store, 'household-3')).ok).toBe(true);
  });

  test('a numeric expected revision that loses a race is a ConcurrencyError with the actual revision', async () => {
    await store.append('household-4', [probe(0)], { expectedRevision: 'no-stream' });
    const outcomes = await Promise.allSettled([1, 2].map((n) => store.append('household-4', [probe(n)], { expectedRevision: 0 })));
    const lost = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConcurrencyError);
    expect(lost[0]!.reason).toMatchObject({ expected: 0, actual: 1 });
  });

  test('an id claimed by an append to another stream that never finished is refused there, taken over here', async () => {
    const id = randomUUID();
    // A writer that claimed the id for household-5 and died before appending.
    await server
      .client()
      .appendToStream(
        claimStreamOf(id),
        {
          id: randomUUID(),
          contentType: 'application/json',
          type: 'grid.event-id.claimed',
          data: { streamId: 'household-5', streamRevision: 0 },
          metadata: undefined,
        },
        { streamState: 'no_stream' },
      );
    expect(
      await store.append('household-6', [probe(0, { eventId: id })], { expectedRevision: 'no-stream' }).catch((e) => e),
    ).toBeInstanceOf(DuplicateEventError);
    const { events } = await store.append('household-5', [probe(0, { eventId: id })], { expectedRevision: 'no-stream' });
    expect(events[0]!.eventId).toBe(id);
  });

  test('an upper-case writer-given id is stored, replayed and verified as given', async () => {
    const id = randomUUID().toUpperCase();
    const first = await store.append('household-7', [probe(0, { eventId: id })], { expectedRevision: 'no-stream' });
    expect(first.events[0]!.eventId).toBe(id);
    expect(await store.append('household-7', [probe(0, { eventId: id })], { expectedRevision: 'any' })).toEqual(first);
    expect((await verifyAll(store)).ok).toBe(true);
  });

  test('an unreachable server fails connect with the reason, after the timeout', async () => {
    const failing = new KurrentStandIn().client();
    failing.readAll = (() => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { type: 'unavailable' });
    }) as typeof failing.readAll;
    const started = Date.now();
    await expect(KurrentDbEventStore.withClient(failing, { connectTimeoutMs: 300 })).rejects.toThrow(/cannot read \$all.*ECONNREFUSED/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});

test('importing the adapter does not load the KurrentDB client (it is loaded on connect)', () => {
  let loaded = false;
  jest.isolateModules(() => {
    jest.doMock('@kurrent/kurrentdb-client', () => {
      loaded = true;
      return {};
    });
    // isolateModules needs synchronous loading, so require, not import.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../src/store/kurrentdb/kurrentdb-event-store');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@grid/platform');
  });
  expect(loaded).toBe(false);
});
