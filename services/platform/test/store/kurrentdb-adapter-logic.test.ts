import { randomUUID } from 'node:crypto';
import { probeRecorded, type Envelope, type NewEvent } from '@grid/contracts';
import type { AllStreamResolvedEvent } from '@kurrent/kurrentdb-client';
import { ConcurrencyError, verifyAll, verifyStream, type ExpectedRevision } from '@grid/platform';
import { eventStoreContract, logAuditContract } from '@grid/platform/testing';
import { KurrentDbEventStore } from '../../src/store/kurrentdb/kurrentdb-event-store';
import { KurrentStandIn, type Calls } from './kurrentdb-stand-in';

// The KurrentDB adapter's own logic over an in-memory model of the server (kurrentdb-stand-in.ts), so it
// runs in every `npm test`. It proves the adapter keeps the contract IF the server behaves as modelled;
// the same suite against a real KurrentDB is kurrentdb-event-store.infra.test.ts.

const actor = { id: 'logic-test', role: 'system' } as const;
const probe = (n: number, extra: Partial<NewEvent> = {}): NewEvent => ({ type: probeRecorded.type, data: { n }, actor, ...extra });
const probes = (count: number, from = 0) => Array.from({ length: count }, (_, i) => probe(from + i, { eventId: randomUUID() }));
const open = (server: KurrentStandIn) => KurrentDbEventStore.withClient(server.client());

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

// The audit over the adapter's reads (non-contiguous positions, backward reads from a revision), if the server behaves
// as modelled; deletions and cuts by metadata are not modelled: those cases run against the real server only.
logAuditContract('KurrentDbEventStore over the in-memory KurrentDB stand-in', async () => {
  const store = await open(new KurrentStandIn(2));
  return { store, cleanup: () => store.close() };
});

describe('the model of the server (what the adapter must guard against)', () => {
  const write = (server: KurrentStandIn, stream: string, ids: string[], streamState: 'no_stream' | 'any' | bigint) =>
    server
      .client()
      .appendToStream(stream, ids.map((id) => ({ id, type: 'x', contentType: 'application/json' as const, data: {}, metadata: undefined })), { streamState });
  const ids = (server: KurrentStandIn, stream: string) => server.log.filter((r) => r.streamId === stream).map((r) => r.id);

  test('the same ids at the same expected revision are an idempotent success; at the current revision they are written again', async () => {
    const server = new KurrentStandIn();
    const [a, b] = [randomUUID(), randomUUID()];
    const first = await write(server, 's-1', [a, b], 'no_stream');
    expect(await write(server, 's-1', [a, b], 'no_stream')).toEqual({ ...first, position: { commit: first.position!.commit, prepare: first.position!.commit } });
    await write(server, 's-1', [a, b], 1n);
    expect(ids(server, 's-1')).toEqual([a, b, a, b]);
  });

  test('other ids behind the current revision, or a revision ahead of it, are a wrong expected version', async () => {
    const server = new KurrentStandIn();
    const [a, b] = [randomUUID(), randomUUID()];
    await write(server, 's-2', [a, b], 'no_stream');
    await expect(write(server, 's-2', [randomUUID()], 0n)).rejects.toMatchObject({ type: 'wrong-expected-version', actualState: 1n });
    await expect(write(server, 's-2', [b, randomUUID()], 0n)).rejects.toMatchObject({ type: 'wrong-expected-version' });
    await expect(write(server, 's-2', [randomUUID()], 5n)).rejects.toMatchObject({ type: 'wrong-expected-version' });
    expect(ids(server, 's-2')).toEqual([a, b]);
  });
});

describe('KurrentDbEventStore beyond the contract (stand-in)', () => {
  let server: KurrentStandIn;
  let store: KurrentDbEventStore;
  beforeEach(async () => {
    server = new KurrentStandIn();
    store = await open(server);
  });
  afterEach(() => store.close());

  /** What one append cost, in requests to the server. */
  const cost = async (append: () => Promise<unknown>) => {
    const before: Calls = { ...server.calls };
    await append().catch(() => undefined);
    return {
      reads: server.calls.readStream + server.calls.readAll - before.readStream - before.readAll,
      appends: server.calls.appendToStream - before.appendToStream,
    };
  };

  describe('round trips per append: at most one read and one append (before: 4 + 2 per event)', () => {
    const cases: [string, number, (stream: string) => Promise<ExpectedRevision>][] = [
      ['a new stream', 1, async () => 'no-stream'],
      ['a new stream, 5 events', 5, async () => 'no-stream'],
      ['at the current revision', 1, async (s) => (await store.append(s, probes(2), { expectedRevision: 'no-stream' })).nextRevision],
      ['at the current revision, 5 events', 5, async (s) => (await store.append(s, probes(2), { expectedRevision: 'no-stream' })).nextRevision],
      ["with 'any' onto a stream", 3, async (s) => (await store.append(s, probes(2), { expectedRevision: 'no-stream' }), 'any')],
      ["with 'any' onto no stream", 1, async () => 'any'],
    ];
    test.each(cases)('%s (%i event(s)) costs one read and one append, and is stored', async (_what, count, prepare) => {
      const stream = `household-${randomUUID()}`;
      const expectedRevision = await prepare(stream);
      const batch = probes(count, 10);
      expect(await cost(() => store.append(stream, batch, { expectedRevision }))).toEqual({ reads: 1, appends: 1 });
      expect((await store.readStream(stream)).slice(-count).map((e) => e.eventId)).toEqual(batch.map((e) => e.eventId));
    });

    test('a re-append, and a stale expected revision, cost one read and no append', async () => {
      const stream = `household-${randomUUID()}`;
      const batch = probes(2);
      await store.append(stream, batch, { expectedRevision: 'no-stream' });
      await store.append(stream, probes(1, 2), { expectedRevision: 1 });
      expect(await cost(() => store.append(stream, batch, { expectedRevision: 'any' }))).toEqual({ reads: 1, appends: 0 });
      expect(await cost(() => store.append(stream, probes(1), { expectedRevision: 1 }))).toEqual({ reads: 1, appends: 0 });
      // A new stream's re-append is answered by the server's own idempotency, then read back.
      expect(await cost(() => store.append(stream, batch, { expectedRevision: 'no-stream' }))).toEqual({ reads: 1, appends: 1 });
      expect(await store.readStream(stream)).toHaveLength(3);
    });

    test('a re-append of a batch lying further back than one read sees costs a second read, still no append', async () => {
      const stream = `household-${randomUUID()}`;
      const batch = probes(2, 1);
      await store.append(stream, [probe(0)], { expectedRevision: 'no-stream' });
      const first = await store.append(stream, batch, { expectedRevision: 0 });
      await store.append(stream, probes(40, 3), { expectedRevision: 2 });
      let again: unknown;
      expect(await cost(async () => (again = await store.append(stream, batch, { expectedRevision: 0 })))).toEqual({ reads: 2, appends: 0 });
      expect(again).toEqual(first);
    });
  });

  test('two writers expecting the same revision: the server lets one in, the other learns the actual revision', async () => {
    await store.append('household-4', [probe(0)], { expectedRevision: 'no-stream' });
    const outcomes = await Promise.allSettled([1, 2].map((n) => store.append('household-4', [probe(n)], { expectedRevision: 0 })));
    const lost = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConcurrencyError);
    expect(lost[0]!.reason).toMatchObject({ expected: 0, actual: 1 });
  });

  test("'any' chains onto a concrete head: racing 'any' writers all land, one chain, no gaps", async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.append('household-3', [probe(i)], { expectedRevision: 'any' })));
    const events = await store.readStream('household-3');
    expect(events.map((e) => e.streamRevision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect((await verifyStream(store, 'household-3')).ok).toBe(true);
  });

  test('positions are the server’s (non-contiguous) commit positions, and an append answers its last one', async () => {
    const result = await store.append('household-2', [probe(0), probe(1)], { expectedRevision: 'no-stream' });
    const more = await store.append('household-2', [probe(2), probe(3)], { expectedRevision: 1 });
    const logged = server.log.filter((r) => r.streamId === 'household-2').map((r) => Number(r.position));
    expect((await store.readStream('household-2')).map((e) => e.globalPosition)).toEqual(logged);
    expect([result.position, more.position]).toEqual([logged[1], logged[3]]);
    expect(logged[1]! - logged[0]!).toBeGreaterThan(1);
  });

  test('an upper-case writer-given id is stored, replayed and verified as given', async () => {
    const id = randomUUID().toUpperCase();
    const first = await store.append('household-7', [probe(0, { eventId: id })], { expectedRevision: 'no-stream' });
    expect(first.events[0]!.eventId).toBe(id);
    expect(await store.append('household-7', [probe(0, { eventId: id })], { expectedRevision: 'any' })).toEqual(first);
    expect((await verifyAll(store)).ok).toBe(true);
  });

  describe('subscriptions: the server’s catch-up subscription, filtered on its side', () => {
    const collect = (into: Envelope[]) => (e: Envelope) => void into.push(e);

    test('live events are pushed by the server: no read of the log after subscribing', async () => {
      await store.append('household-10', probes(2), { expectedRevision: 'no-stream' });
      const seen: Envelope[] = [];
      let third!: () => void;
      const arrived = new Promise<void>((resolve) => (third = resolve));
      const sub = await store.subscribeToAll((e) => {
        seen.push(e);
        if (seen.length === 3) third();
      });
      const readsBefore = server.calls.readAll;
      await store.append('household-10', probes(1, 2), { expectedRevision: 1 });
      await arrived;
      expect(server.calls.readAll).toBe(readsBefore);
      expect(server.calls.subscribeToAll).toBe(1);
      expect(seen.map((e) => e.data.n)).toEqual([0, 1, 2]);
      await sub.close();
    });

    test('a category subscription is sent only its categories’ events, and still knows when it has caught up', async () => {
      const pushed: string[] = [];
      const client = server.client();
      const subscribe = client.subscribeToAll.bind(client);
      const store2 = await KurrentDbEventStore.withClient(
        Object.assign(client, {
          subscribeToAll: (options: Parameters<typeof subscribe>[0]) => subscribe(options).on('data', (r: AllStreamResolvedEvent) => void pushed.push(r.event!.streamId)),
        }),
      );
      try {
        for (let i = 0; i < 3; i += 1) {
          await store2.append(`region-${i}`, [probe(i)], { expectedRevision: 'no-stream' });
          await store2.append(`household-${i}`, [probe(i)], { expectedRevision: 'no-stream' });
        }
        const seen: Envelope[] = [];
        const sub = await store2.subscribeToAll(collect(seen), { categories: ['household'] });
        const elsewhere = await store2.append('region-9', [probe(9)], { expectedRevision: 'no-stream' });
        await sub.reached(elsewhere.position);
        await sub.caughtUp();
        expect(seen.map((e) => e.streamId)).toEqual(['household-0', 'household-1', 'household-2']);
        expect(pushed).toEqual(['household-0', 'household-1', 'household-2']);
        expect(sub.position()).toBe(elsewhere.position);
        await sub.close();
      } finally {
        await store2.close();
      }
    });

    test('a dropped subscription subscribes again after the last handled event: nothing lost, nothing twice', async () => {
      await store.append('household-11', probes(2), { expectedRevision: 'no-stream' });
      const seen: Envelope[] = [];
      const sub = await store.subscribeToAll(collect(seen), { checkpoint: 'relay' });
      await sub.caughtUp();
      server.drop();
      await store.append('household-11', probes(2, 2), { expectedRevision: 1 });
      await sub.caughtUp();
      expect(seen.map((e) => e.data.n)).toEqual([0, 1, 2, 3]);
      expect(server.calls.subscribeToAll).toBe(2);
      await sub.close();
    });

    test('bookkeeping (checkpoints, stream metadata) lives in $-streams and never reaches readers', async () => {
      const sub = await store.subscribeToAll(() => undefined, { checkpoint: 'relay' });
      const { events } = await store.append('household-1', [probe(0, { eventId: randomUUID() })], { expectedRevision: 'no-stream' });
      await sub.caughtUp();
      await sub.close();
      expect(new Set(server.log.map((r) => r.streamId))).toEqual(new Set(['household-1', '$grid-checkpoint-relay', '$$$grid-checkpoint-relay']));
      const all = [];
      for await (const e of store.readAll()) all.push(e.eventId);
      expect(all).toEqual([events[0]!.eventId]);
      // The head is the last event readAll hands out, though checkpoint events were written after it.
      expect(await store.headPosition()).toBe((await store.readStream('household-1'))[0]!.globalPosition);
    });
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
