import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '@grid/contracts';
import type { Bus, BusMessage, DeliveredMessage } from '../../src/bus/bus';
import { EmbeddedBus } from '../../src/bus/embedded/embedded-bus';
import { startRelay } from '../../src/relay/relay';
import { MemoryEventStore } from '../../src/store/memory/memory-event-store';
import { SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store';

const HOUSEHOLDS = 'grid-records.household.v1';
const ELECTIONS = 'elections.election.v1';
const ev = (type: string, i: number): NewEvent => ({
  type,
  data: { i },
  actor: { id: 'w', role: 'grid-worker' },
});

/** A recording bus: every publish call's messages; optionally failing the given (1-based) calls before or after delivering. */
function recording(failing = new Set<number>(), after = false) {
  const calls: BusMessage[][] = [];
  let n = 0;
  const bus: Bus = {
    publish: async (messages) => {
      n += 1;
      if (failing.has(n) && !after) throw new Error(`fail #${n}`);
      calls.push(messages);
      if (failing.has(n)) throw new Error(`ack lost #${n}`);
    },
    subscribe: () => Promise.reject(new Error('no')),
    close: async () => undefined,
  };
  return { bus, calls, delivered: () => calls.flat() };
}

describe.each([
  ['memory', async () => new MemoryEventStore()],
  ['sqlite', async () => SqliteEventStore.open({ path: ':memory:' })],
] as const)('batching relay on the %s store', (_name, open) => {
  test.each([1, 2, 7, 500])('maxBatch %i: every event once, in log order, batches never above maxBatch', async (maxBatch) => {
    const store = await open();
    for (let i = 0; i < 40; i += 1)
      await store.append(`household-${i % 3}`, [ev('grid-records.household.registered', i)], { expectedRevision: 'any' });
    const rec = recording();
    const relay = await startRelay({ store, bus: rec.bus, maxBatch });
    await relay.caughtUp();
    expect(rec.delivered().map((m) => m.value.globalPosition)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(Math.max(...rec.calls.map((c) => c.length))).toBe(Math.min(maxBatch, 40));
    expect(rec.calls.length).toBe(Math.ceil(40 / maxBatch));
    expect(relay.position()).toBe(40);
    await relay.close();
    await store.close();
  });

  test('failed publishes are retried: nothing lost, nothing out of order', async () => {
    const store = await open();
    for (let i = 0; i < 20; i += 1)
      await store.append(`household-${i % 2}`, [ev('grid-records.household.registered', i)], { expectedRevision: 'any' });
    const rec = recording(new Set([2, 3, 5]));
    const relay = await startRelay({ store, bus: rec.bus, maxBatch: 4 });
    await relay.caughtUp();
    expect(rec.delivered().map((m) => m.value.globalPosition)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await relay.close();
    await store.close();
  });

  test('a lost ack republishes the batch (at least once), per-stream order never goes back past what was acked', async () => {
    const store = await open();
    for (let i = 0; i < 12; i += 1)
      await store.append(`household-${i % 2}`, [ev('grid-records.household.registered', i)], { expectedRevision: 'any' });
    const rec = recording(new Set([2]), true);
    const relay = await startRelay({ store, bus: rec.bus, maxBatch: 5 });
    await relay.caughtUp();
    expect(rec.calls.map((c) => c.map((m) => m.value.globalPosition))).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
      [6, 7, 8, 9, 10],
      [11, 12],
    ]);
    await relay.close();
    await store.close();
  });

  test('with categories, read-ahead skips the others and still covers every wanted event once', async () => {
    const store = await open();
    for (let i = 0; i < 30; i += 1) {
      if (i % 3 === 0)
        await store.append('election-1', [ev('elections.election.opened', i)], {
          expectedRevision: 'any',
        });
      else await store.append(`household-${i % 2}`, [ev('grid-records.household.registered', i)], { expectedRevision: 'any' });
    }
    const rec = recording();
    const relay = await startRelay({
      store,
      bus: rec.bus,
      categories: ['household'],
      maxBatch: 4,
      checkpoint: 'c',
    });
    await relay.caughtUp();
    const positions = rec.delivered().map((m) => m.value.globalPosition);
    expect(positions).toEqual(Array.from({ length: 30 }, (_, i) => i + 1).filter((p) => (p - 1) % 3 !== 0));
    expect(rec.delivered().every((m) => m.topic === HOUSEHOLDS)).toBe(true);
    await relay.close();
    // Restart: nothing new, nothing republished (clean close saved the checkpoint).
    const again = await startRelay({
      store,
      bus: rec.bus,
      categories: ['household'],
      maxBatch: 4,
      checkpoint: 'c',
    });
    await again.caughtUp();
    expect(rec.delivered().length).toBe(positions.length);
    await again.close();
    await store.close();
  });

  test('live appends, many at once, go out complete and in order, in batches', async () => {
    const store = await open();
    const rec = recording();
    const slow: Bus = {
      ...rec.bus,
      publish: async (m) => {
        await new Promise((r) => setTimeout(r, 5));
        await rec.bus.publish(m);
      },
    };
    const relay = await startRelay({ store, bus: slow, maxBatch: 50 });
    for (let round = 0; round < 10; round += 1) {
      await Promise.all(
        Array.from({ length: 20 }, (_, s) =>
          store.append(`household-${s}`, [ev('grid-records.household.registered', round)], { expectedRevision: 'any' }),
        ),
      );
      await new Promise((r) => setTimeout(r, 2));
    }
    await relay.caughtUp();
    const got = rec.delivered();
    expect(got.map((m) => m.value.globalPosition)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    for (let s = 0; s < 20; s += 1)
      expect(got.filter((m) => m.key === `household-${s}`).map((m) => m.value.streamRevision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rec.calls.length).toBeLessThan(200);
    await relay.close();
    await store.close();
  });
});

test('over the embedded bus: CloudEvents headers and traceparent per message as before', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'grid-relay-batch-'));
  const store = new MemoryEventStore();
  const bus = await EmbeddedBus.open({
    path: join(dir, 'grid.db'),
    pollMs: 10,
  });
  const seen: DeliveredMessage[] = [];
  const sub = await bus.subscribe('t', [HOUSEHOLDS, ELECTIONS], async (m) => void seen.push(m));
  const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  for (let i = 0; i < 30; i += 1)
    await store.append(
      `household-${i % 4}`,
      [
        {
          ...ev('grid-records.household.registered', i),
          ...(i % 2 ? { traceparent: tp } : {}),
        },
      ],
      { expectedRevision: 'any' },
    );
  const relay = await startRelay({ store, bus, maxBatch: 8 });
  await relay.caughtUp();
  await sub.caughtUp(5000);
  expect(seen.map((m) => m.value.globalPosition).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  for (const m of seen) {
    expect(m.headers['ce_id']).toBe(m.value.eventId);
    expect(m.headers['traceparent']).toBe(m.value.traceparent ?? undefined);
  }
  await relay.close();
  await bus.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});
