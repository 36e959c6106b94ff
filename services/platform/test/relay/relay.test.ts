import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope, NewEvent } from '@grid/contracts';
import type { Bus, BusMessage, BusSubscription, DeliveredMessage } from '../../src/bus/bus';
import { EmbeddedBus } from '../../src/bus/embedded/embedded-bus';
import { startRelay } from '../../src/relay/relay';
import { MemoryEventStore } from '../../src/store/memory/memory-event-store';

const HOUSEHOLDS = 'grid-records.household.v1';
const ELECTIONS = 'elections.election.v1';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('relay from the event store to the bus', () => {
  let dir: string;
  let store: MemoryEventStore;
  let bus: EmbeddedBus;
  let seen: DeliveredMessage[];
  let subscription: BusSubscription;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'grid-relay-'));
    store = new MemoryEventStore();
    bus = await EmbeddedBus.open({ path: join(dir, 'grid.db'), pollMs: 10 });
    seen = [];
    subscription = await bus.subscribe('relay-test', [HOUSEHOLDS, ELECTIONS], async (m) => void seen.push(m));
  });
  afterEach(async () => {
    await bus.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const append = (streamId: string, type: string, extra: Partial<NewEvent> = {}) =>
    store.append(streamId, [{ type, data: { streamId }, actor: { id: 'worker-7', role: 'grid-worker' }, ...extra }], {
      expectedRevision: 'any',
    });
  const registered = (streamId: string, extra?: Partial<NewEvent>) => append(streamId, 'grid-records.household.registered', extra);
  const opened = (streamId: string) => append(streamId, 'elections.election.opened');
  const stored = async (): Promise<Envelope[]> => {
    const all: Envelope[] = [];
    for await (const e of store.readAll()) all.push(e);
    return all;
  };
  const revisionsOn = (streamId: string) => seen.filter((m) => m.key === streamId).map((m) => m.value.streamRevision);

  test('events of two categories arrive on their topics in stream order, with CloudEvents headers', async () => {
    await registered('household-1', { traceparent: TRACEPARENT });
    await opened('election-1');
    await registered('household-2');
    await registered('household-1');
    await opened('election-1');
    await registered('household-1');
    const relay = await startRelay({ store, bus });

    await relay.caughtUp();
    await subscription.caughtUp(5000);

    expect(revisionsOn('household-1')).toEqual([0, 1, 2]);
    expect(revisionsOn('household-2')).toEqual([0]);
    expect(revisionsOn('election-1')).toEqual([0, 1]);
    expect(seen.filter((m) => m.key.startsWith('household-')).every((m) => m.topic === HOUSEHOLDS)).toBe(true);
    expect(seen.filter((m) => m.key.startsWith('election-')).every((m) => m.topic === ELECTIONS)).toBe(true);
    for (const event of await stored()) {
      const got = seen.find((m) => m.value.eventId === event.eventId)!;
      expect(got.value).toEqual(event);
      expect(got.headers).toMatchObject({ ce_specversion: '1.0', ce_id: event.eventId, ce_type: event.type, ce_time: event.recordedAt });
      expect(got.headers?.['ce_source']).toBe(
        event.streamId.startsWith('household-') ? '/grid-governance/grid-records' : '/grid-governance/elections',
      );
      expect(got.headers?.['traceparent']).toBe(event.traceparent ?? undefined);
    }
    expect(relay.position()).toBe(6);
    await relay.close();
  });

  test('a relay stopped and started again resumes from its checkpoint, losing and repeating nothing', async () => {
    const first = await startRelay({ store, bus });
    for (let i = 0; i < 4; i += 1) await registered(`household-${i % 2}`);
    await first.caughtUp();
    await first.close();

    for (let i = 0; i < 4; i += 1) await registered(`household-${i % 2}`);
    const second = await startRelay({ store, bus });
    await second.caughtUp();
    await subscription.caughtUp(5000);

    // Closed cleanly, so the checkpoint covers all it published: the at-least-once boundary is empty here.
    expect(seen.map((m) => m.value.eventId).sort()).toEqual((await stored()).map((e) => e.eventId).sort());
    expect(revisionsOn('household-0')).toEqual([0, 1, 2, 3]);
    expect(revisionsOn('household-1')).toEqual([0, 1, 2, 3]);
    expect(second.position()).toBe(8);
    await second.close();
  });

  test('a bus that fails a few publishes still gets every event once, in order per stream, without gaps', async () => {
    const flaky = failingPublishes(bus, new Set([2, 3, 4]));
    for (let i = 0; i < 9; i += 1) await (i % 3 === 2 ? opened('election-1') : registered('household-1'));
    const relay = await startRelay({ store, bus: flaky.bus, maxBatch: 2 }); // 5 publishes, of which #2 to #4 fail

    await relay.caughtUp();
    await subscription.caughtUp(5000);

    expect(flaky.failures()).toBe(3);
    // The bus orders per key only: across the two streams any interleaving is allowed.
    expect(seen.map((m) => m.value.eventId).sort()).toEqual((await stored()).map((e) => e.eventId).sort());
    expect(revisionsOn('household-1')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(revisionsOn('election-1')).toEqual([0, 1, 2]);
    await relay.close();
  });

  test('a relay limited to its categories publishes only those', async () => {
    await registered('household-1');
    await opened('election-1');
    const relay = await startRelay({ store, bus, checkpoint: 'relay-grid-records', categories: ['household'] });

    await relay.caughtUp();
    await subscription.caughtUp(5000);

    expect(seen.map((m) => m.key)).toEqual(['household-1']);
    await relay.close();
  });
});

/** A real bus whose publish calls with the given (1-based) numbers fail, as a broker outage would. */
function failingPublishes(inner: Bus, failing: Set<number>): { bus: Bus; failures: () => number } {
  let calls = 0;
  let failures = 0;
  const bus: Bus = {
    publish: async (messages: BusMessage[]) => {
      calls += 1;
      if (failing.has(calls)) {
        failures += 1;
        throw new Error(`broker unavailable (publish #${calls})`);
      }
      await inner.publish(messages);
    },
    subscribe: (...args) => inner.subscribe(...args),
    close: () => inner.close(),
  };
  return { bus, failures: () => failures };
}
