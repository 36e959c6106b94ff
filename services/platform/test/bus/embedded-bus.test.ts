import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { randomUUID } from 'node:crypto';
import type { Envelope } from '@grid/contracts';
import type { Bus, DeliveredMessage } from '../../src/bus/bus';
import { busContract } from '../../src/bus/contract-suite';
import { EmbeddedBus, type EmbeddedBusOptions } from '../../src/bus/embedded/embedded-bus';
import { partitionFor } from '../../src/bus/embedded/partitioning';
import { holdNextWalSync } from '../support/hold-wal-sync';

// The contract runs at the default durability (synchronous=FULL); only polling is quickened.
const FAST = { pollMs: 10 } as const;

async function tempFile(): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'grid-bus-'));
  return { path: join(dir, 'grid.db'), remove: () => rm(dir, { recursive: true, force: true }) };
}

busContract('embedded', async () => {
  const file = await tempFile();
  let bus = await EmbeddedBus.open({ path: file.path, ...FAST });
  return {
    bus,
    reopen: async () => (bus = await EmbeddedBus.open({ path: file.path, ...FAST })),
    cleanup: async () => {
      await bus.close();
      await file.remove();
    },
  };
});

describe('embedded bus on its SQLite file', () => {
  let file: Awaited<ReturnType<typeof tempFile>>;
  const buses: Bus[] = [];
  const open = async (options: Partial<EmbeddedBusOptions> = {}) => {
    const bus = await EmbeddedBus.open({ path: file.path, ...FAST, ...options });
    buses.push(bus);
    return bus;
  };

  beforeEach(async () => {
    file = await tempFile();
  });
  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close();
    await file.remove();
  });

  test('two bus instances on one file (two processes) split a group between them, each message once', async () => {
    const [one, two] = [await open({ leaseMs: 300 }), await open({ leaseMs: 300 })];
    const topic = `platform.test-${randomUUID()}.v1`;
    const seenOne: DeliveredMessage[] = [];
    const seenTwo: DeliveredMessage[] = [];
    const subOne = await one.subscribe('shared', [topic], async (m) => void seenOne.push(m));
    await two.subscribe('shared', [topic], async (m) => void seenTwo.push(m));
    const sent = Array.from({ length: 60 }, (_, i) => ({
      topic,
      key: `test-${i % 30}`,
      value: envelope(`test-${i % 30}`, Math.floor(i / 30)),
    }));

    // Published through the other instance: the consumers on `one` only learn of it by polling.
    for (const m of sent) await two.publish([m]);
    await subOne.caughtUp(5000);

    const ids = [...seenOne, ...seenTwo].map((m) => m.value.eventId).sort();
    expect(ids).toEqual(sent.map((m) => m.value.eventId).sort());
    expect(seenOne.length).toBeGreaterThan(0);
    expect(seenTwo.length).toBeGreaterThan(0);
  });

  test('a consumer joining a busy group gets lanes only after their owner committed, so nothing is handled twice', async () => {
    const bus = await open();
    const topic = `platform.test-${randomUUID()}.v1`;
    const handled: string[] = [];
    const bySecond: string[] = [];
    const slowly = (into: string[]) => async (m: DeliveredMessage) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      into.push(m.value.eventId);
    };
    const first = await bus.subscribe('busy', [topic], slowly(handled));
    const sent = Array.from({ length: 80 }, (_, i) => ({
      topic,
      key: `test-${i % 16}`,
      value: envelope(`test-${i % 16}`, Math.floor(i / 16)),
    }));
    await bus.publish(sent);
    await new Promise((resolve) => setTimeout(resolve, 20));

    await bus.subscribe('busy', [topic], slowly(bySecond));
    await first.caughtUp(5000);

    expect(bySecond.length).toBeGreaterThan(0);
    expect([...handled, ...bySecond].sort()).toEqual(sent.map((m) => m.value.eventId).sort());
  });

  test('a message being retried holds up only its own lane while the other lanes flow on', async () => {
    const bus = await open();
    const topic = `platform.test-${randomUUID()}.v1`;
    const poisonKey = 'test-poison';
    const others = Array.from({ length: 40 }, (_, i) => `test-${i}`).filter((k) => partitionFor(k, 4) !== partitionFor(poisonKey, 4));
    let poisonAttempts = 0;
    const handledOthers = new Set<string>();
    await bus.subscribe(
      'retrying',
      [topic],
      async (m) => {
        if (m.key !== poisonKey) return void handledOthers.add(m.key);
        poisonAttempts += 1;
        throw new Error('still failing');
      },
      { maxRetries: 3, backoffMs: 500 },
    );

    await bus.publish([poisonKey, ...others].map((key) => ({ topic, key, value: envelope(key, 0) })));
    await until(() => handledOthers.size === others.length, 2000);

    expect(poisonAttempts).toBeLessThan(4);
  });

  test('closing a subscription waits for the handler in hand and commits what it finished', async () => {
    const bus = await open();
    const topic = `platform.test-${randomUUID()}.v1`;
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    let finished = false;
    const subscription = await bus.subscribe('closing', [topic], async () => {
      started = true;
      await gate;
      finished = true;
    });
    await bus.publish([{ topic, key: 'test-1', value: envelope('test-1', 0) }]);
    await until(() => started, 2000);

    let closed = false;
    const closing = subscription.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(closed).toBe(false);
    release();
    await closing;

    expect(finished).toBe(true);
    const again: string[] = [];
    await (await bus.subscribe('closing', [topic], async (m) => void again.push(m.key))).caughtUp(2000);
    expect(again).toEqual([]);
  });

  test('lanes held by a consumer that vanished without closing are taken over when its lease expires', async () => {
    const bus = await open({ leaseMs: 150 });
    const topic = `platform.test-${randomUUID()}.v1`;
    const ghostUntil = Date.now() + 300;
    // What a killed process leaves behind: a member row and leases on every lane, no one renewing them.
    const raw = new DatabaseSync(file.path);
    for (let partition = 0; partition < 4; partition += 1) {
      raw.prepare('INSERT INTO bus_leases VALUES (?, ?, ?, ?, ?)').run('crashed', topic, partition, 'ghost', ghostUntil);
    }
    raw.prepare('INSERT INTO bus_members VALUES (?, ?, ?, ?)').run('crashed', 'ghost', JSON.stringify([topic]), ghostUntil);
    raw.close();
    const handledAt: number[] = [];
    const subscription = await bus.subscribe('crashed', [topic], async () => void handledAt.push(Date.now()));

    await bus.publish(Array.from({ length: 12 }, (_, i) => ({ topic, key: `test-${i}`, value: envelope(`test-${i}`, 0) })));
    await subscription.caughtUp(5000);

    expect(handledAt).toHaveLength(12);
    expect(Math.min(...handledAt)).toBeGreaterThanOrEqual(ghostUntil);
  });

  test('a file keeps the partition count it was created with', async () => {
    await (await open({ partitions: 3 })).close();
    await expect(EmbeddedBus.open({ path: file.path, partitions: 8 })).rejects.toThrow(/created with 3 partitions/);
    const reopened = await open();
    const topic = `platform.test-${randomUUID()}.v1`;
    const partitions = new Set<number>();
    const subscription = await reopened.subscribe('g', [topic], async (m) => void partitions.add(m.partition));
    await reopened.publish(Array.from({ length: 30 }, (_, i) => ({ topic, key: `test-${i}`, value: envelope(`test-${i}`, 0) })));
    await subscription.caughtUp(5000);
    expect([...partitions].every((p) => p >= 0 && p < 3)).toBe(true);
  });

  test('at FULL a publish is answered only after its WAL sync, which runs off the event loop; syncOffLoop false leaves it to SQLite', async () => {
    const { sync, release } = holdNextWalSync();
    try {
      const bus = await open();
      const topic = `platform.test-${randomUUID()}.v1`;
      let answered = false;
      const publishing = bus.publish([{ topic, key: 'test-1', value: envelope('test-1', 0) }]).then(() => (answered = true));
      await until(() => sync.mock.calls.length === 1, 1000);
      await new Promise((resolve) => setImmediate(resolve));
      expect(answered).toBe(false); // committed, its sync held
      release();
      await publishing;
      const blocking = await EmbeddedBus.open({ path: file.path, ...FAST, syncOffLoop: false });
      buses.push(blocking);
      await blocking.publish([{ topic, key: 'test-2', value: envelope('test-2', 0) }]);
      expect(sync).toHaveBeenCalledTimes(1); // SQLite's own FULL: no sync of ours
    } finally {
      release();
      sync.mockRestore();
    }
  });

  test('a topic name Kafka would refuse is refused here too', async () => {
    const bus = await open();
    await expect(bus.publish([{ topic: 'no spaces/allowed', key: 'test-1', value: envelope('test-1', 0) }])).rejects.toThrow(
      /not a valid topic name/,
    );
  });
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function envelope(streamId: string, streamRevision: number): Envelope {
  const eventId = randomUUID();
  const now = new Date().toISOString();
  return {
    eventId,
    type: 'platform.test.happened',
    schemaVersion: 1,
    streamId,
    streamRevision,
    globalPosition: 1,
    occurredAt: now,
    recordedAt: now,
    actor: { id: 'test', role: 'system' },
    correlationId: eventId,
    causationId: null,
    traceparent: null,
    prevHash: null,
    hash: 'a'.repeat(64),
    data: {},
  };
}
