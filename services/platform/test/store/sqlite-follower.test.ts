import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '@grid/contracts';
import { DurableHead, SqliteEventStore, type AppendResult, type EventStore } from '@grid/platform';
import { holdNextWalSync } from '../support/hold-wal-sync';

// A follower: a second store on the writer's file (the read-side worker's), reading the log only as far as
// the writer says it is on disk.
const dir = mkdtempSync(join(tmpdir(), 'grid-sqlite-follower-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const actor = { id: 'follower-test', role: 'system' } as const;
const probe = (n: number): NewEvent => ({ type: 'platform.probe.recorded', data: { n }, actor });
const newStream = () => `test-${randomUUID()}`;

let path: string;
let writer: SqliteEventStore;
const others: { close(): Promise<void> }[] = [];
beforeEach(async () => {
  path = join(dir, `${randomUUID()}.db`);
  // The default FULL: the writer's appends are answered after their WAL sync, off the loop.
  writer = await SqliteEventStore.open({ path });
});
afterEach(async () => {
  for (const o of others.splice(0).reverse()) await o.close();
  await writer.close();
});

/** Polling so slow it never fires within a test: a follower's subscription wakes only because its head advanced. */
async function follow(head: DurableHead): Promise<SqliteEventStore> {
  const follower = await SqliteEventStore.open({ path, durableHead: head, notify: { pollMs: 60_000 } });
  others.push(follower);
  return follower;
}

async function positionsIn(store: EventStore): Promise<number[]> {
  const seen: number[] = [];
  for await (const e of store.readAll()) seen.push(e.globalPosition);
  return seen;
}

/** Three appends of one event each, to three streams. */
async function threeAppends(): Promise<AppendResult[]> {
  const results: AppendResult[] = [];
  for (let n = 0; n < 3; n += 1) results.push(await writer.append(newStream(), [probe(n)], { expectedRevision: 'no-stream' }));
  return results;
}

describe('DurableHead', () => {
  test('moves forward only, and tells its listeners of each advance', () => {
    const head = new DurableHead(3);
    const listener = jest.fn();
    head.onAdvance(listener);
    head.advance(2);
    head.advance(3);
    expect(head.get()).toBe(3);
    expect(listener).not.toHaveBeenCalled();
    head.advance(5);
    head.advance(8);
    expect(head.get()).toBe(8);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  test('a listener that unsubscribed hears of no further advance', () => {
    const head = new DurableHead(0);
    const kept = jest.fn();
    const dropped = jest.fn();
    head.onAdvance(kept);
    const unsubscribe = head.onAdvance(dropped);
    head.advance(1);
    unsubscribe();
    head.advance(2);
    expect(kept).toHaveBeenCalledTimes(2);
    expect(dropped).toHaveBeenCalledTimes(1);
  });
});

describe('a follower on the writer’s file', () => {
  test('reads the log no further than its durable head: readAll and headPosition', async () => {
    const [a, b] = await threeAppends();
    const follower = await follow(new DurableHead(b!.position));
    expect(await positionsIn(follower)).toEqual([a!.position, b!.position]);
    expect(await follower.headPosition()).toBe(b!.position);
  });

  test('reads the log in small batches no further than its head either', async () => {
    const [a] = await threeAppends();
    const follower = await follow(new DurableHead(a!.position));
    const seen: number[] = [];
    for await (const e of follower.readAll({ batchSize: 1 })) seen.push(e.globalPosition);
    expect(seen).toEqual([a!.position]);
  });

  test('reads further once its head advances', async () => {
    const [a, , c] = await threeAppends();
    const head = new DurableHead(a!.position);
    const follower = await follow(head);
    head.advance(c!.position);
    expect(await positionsIn(follower)).toHaveLength(3);
    expect(await follower.headPosition()).toBe(c!.position);
  });

  test('with a head ahead of the file, headPosition is the last event in the file', async () => {
    const [, , c] = await threeAppends();
    const follower = await follow(new DurableHead(c!.position + 100));
    expect(await follower.headPosition()).toBe(c!.position);
  });

  test('readStream is not held back: a decision on a stream sees every committed event of it', async () => {
    const stream = newStream();
    const first = await writer.append(stream, [probe(0)], { expectedRevision: 'no-stream' });
    await writer.append(stream, [probe(1), probe(2)], { expectedRevision: 0 });
    const follower = await follow(new DurableHead(first.position));
    expect((await follower.readStream(stream)).map((e) => e.data.n)).toEqual([0, 1, 2]);
    expect((await follower.readStream(stream, { direction: 'backwards', maxCount: 1 })).map((e) => e.data.n)).toEqual([2]);
  });

  test('its subscriptions get events up to the head, and wake when the head advances', async () => {
    const [a, b, c] = await threeAppends();
    const head = new DurableHead(a!.position);
    const follower = await follow(head);
    const seen: number[] = [];
    const sub = await follower.subscribeToAll((e) => void seen.push(e.globalPosition));
    others.push(sub);
    await sub.caughtUp();
    expect(seen).toEqual([a!.position]);
    expect(sub.position()).toBe(a!.position);
    head.advance(c!.position); // no poll comes within the test: only the advance can wake it
    await sub.reached(c!.position);
    expect(seen).toEqual([a!.position, b!.position, c!.position]);
  }, 5000);

  test('a follower told by the writer’s onDurable delivers each append to its subscribers', async () => {
    const head = new DurableHead(await writer.headPosition());
    const stop = writer.onDurable(() => void writer.headPosition().then((position) => head.advance(position)));
    try {
      const follower = await follow(head);
      const seen: number[] = [];
      const sub = await follower.subscribeToAll((e) => void seen.push(e.globalPosition));
      others.push(sub);
      const results = await threeAppends();
      await sub.reached(results[2]!.position);
      expect(seen).toEqual(results.map((r) => r.position));
    } finally {
      stop();
    }
  }, 5000);
});

describe('the writer’s onDurable', () => {
  test('tells its listener once an append is visible to the readers of the log', async () => {
    const heads: Promise<number>[] = [];
    const stop = writer.onDurable(() => heads.push(writer.headPosition())); // the head as it is at the call
    try {
      const result = await writer.append(newStream(), [probe(0)], { expectedRevision: 'no-stream' });
      expect(heads).toHaveLength(1);
      expect(await heads[0]).toBe(result.position);
    } finally {
      stop();
    }
  });

  test('says nothing while the append’s WAL sync is held, and speaks once it completes', async () => {
    const before = await writer.headPosition();
    const { sync, release } = holdNextWalSync();
    let told!: (head: number) => void;
    const toldAt = new Promise<number>((resolve) => (told = resolve));
    const listener = jest.fn(() => void writer.headPosition().then(told));
    const stop = writer.onDurable(listener);
    try {
      // Committed, its sync held: not answered yet.
      const appending = writer.append(newStream(), [probe(0)], { expectedRevision: 'no-stream' });
      while (sync.mock.calls.length === 0) await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(listener).not.toHaveBeenCalled();
      expect(await writer.headPosition()).toBe(before);
      release();
      const { position } = await appending;
      expect(await toldAt).toBe(position);
      expect(listener).toHaveBeenCalledTimes(1);
    } finally {
      release();
      sync.mockRestore();
      stop();
    }
  });

  test('stops telling a listener that unsubscribed', async () => {
    const listener = jest.fn();
    const stop = writer.onDurable(listener);
    await writer.append(newStream(), [probe(0)], { expectedRevision: 'no-stream' });
    stop();
    await writer.append(newStream(), [probe(1)], { expectedRevision: 'no-stream' });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
