import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '@grid/contracts';
import {
  loadConfig,
  SqliteDocumentStore,
  SqliteEventStore,
  startReadSideWorker,
  type Config,
  type ReadSideWorker,
  type ReadSideWorkerOptions,
} from '@grid/platform';
import { holdNextWalSync } from '../support/hold-wal-sync';

// The worker runs the fixture with the BUILT platform (dist/): build before running this file.
const ENTRY = join(__dirname, 'fixtures', 'count-worker.cjs');

const actor = { id: 'read-side-test', role: 'system' } as const;
const probe = (n: number): NewEvent => ({ type: 'platform.probe.recorded', data: { n }, actor });
const newStream = () => `test-${randomUUID()}`;

let dir: string;
let config: Config;
let writer: SqliteEventStore;
let worker: ReadSideWorker | undefined;
let documents: SqliteDocumentStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'grid-read-side-'));
  config = loadConfig({ DATA_DIR: dir });
  // The default FULL: appends are answered after their WAL sync, off the loop, and only then told to the worker.
  writer = await SqliteEventStore.open({ path: config.databasePath });
  // Opened up front: a check of the read model right after a wait must not give the worker extra time.
  documents = new SqliteDocumentStore({ path: config.documentsPath });
});
afterEach(async () => {
  await worker?.close();
  worker = undefined;
  await documents.close();
  await writer.close();
  rmSync(dir, { recursive: true, force: true });
});

const start = async (options: Partial<ReadSideWorkerOptions> = {}) =>
  (worker = await startReadSideWorker({ entry: ENTRY, config, store: writer, ...options }));
const record = (n: number) => writer.append(newStream(), [probe(n)], { expectedRevision: 'no-stream' });
/** The read model as this (the writer's) thread reads it, on its own connection to documents.db. */
const readModel = () => documents.collection('probe_positions');
const appliedPositions = async () => (await readModel().find()).map((d) => d.position as number).sort((a, b) => a - b);

/** Holds the writer's next WAL sync until `release()`: its append is committed but not yet durable. */
function holdNextSync() {
  const { sync, release } = holdNextWalSync();
  return {
    release: () => {
      release();
      sync.mockRestore();
    },
  };
}

describe('a read side in a worker thread', () => {
  test('once reached() resolves for a write, the writer thread reads that write in the read model', async () => {
    const w = await start();
    for (let n = 0; n < 3; n += 1) {
      const { position } = await record(n);
      await w.reached(position);
      expect(await readModel().get(String(position))).toMatchObject({ position });
    }
  });

  test('applied() tells the last position the worker applied', async () => {
    const w = await start();
    expect(w.applied()).toBe(0);
    const [, last] = await Promise.all([record(0), record(1)]);
    await w.reached(last!.position);
    expect(w.applied()).toBe(last!.position);
  });

  test('a worker started on a log with events replays them, and reached() waits for the replay', async () => {
    const results = [];
    for (let n = 0; n < 5; n += 1) results.push(await record(n));
    const w = await start();
    await w.reached(results[4]!.position);
    expect(w.applied()).toBe(results[4]!.position);
    expect(await appliedPositions()).toEqual(results.map((r) => r.position));
  });

  test('caughtUp() resolves once the worker has applied what was durable when it was asked', async () => {
    // Applying takes a while, so an answer given before the event is applied is seen as such every time.
    const w = await start({ data: { applyDelayMs: 30 } });
    const { position } = await record(0); // answered after its WAL sync: durable now
    await w.caughtUp();
    expect(await appliedPositions()).toEqual([position]);
  });

  test('an append made while the worker starts is applied too', async () => {
    const starting = start();
    const { position } = await record(0);
    const w = await starting;
    await w.reached(position);
    expect(w.applied()).toBe(position);
    expect(await appliedPositions()).toEqual([position]);
  });

  test('the worker does not apply an append before its WAL sync completes', async () => {
    const w = await start();
    const before = await record(0);
    await w.reached(before.position);
    const hold = holdNextSync();
    try {
      // Answered at commit, so its position is known while its sync is still held.
      const claim = await writer.append(newStream(), [probe(1)], { expectedRevision: 'no-stream', answerAt: 'commit' });
      await w.caughtUp(); // everything the worker may read is applied: the held append is not among it
      expect(await appliedPositions()).toEqual([before.position]);
      expect(w.applied()).toBe(before.position);
      hold.release();
      await w.reached(claim.position);
      expect(await appliedPositions()).toEqual([before.position, claim.position]);
    } finally {
      hold.release();
    }
  });

  test('reached() gives up waiting after settleTimeoutMs when the worker cannot get there', async () => {
    const w = await start({ settleTimeoutMs: 50 });
    const hold = holdNextSync();
    try {
      const claim = await writer.append(newStream(), [probe(0)], { expectedRevision: 'no-stream', answerAt: 'commit' });
      const since = Date.now();
      await w.reached(claim.position);
      expect(Date.now() - since).toBeGreaterThanOrEqual(45);
      expect(w.applied()).toBeLessThan(claim.position);
    } finally {
      hold.release();
    }
  });

  test('close() ends the worker without calling it a failure, and reached() then answers at once', async () => {
    const onFailure = jest.fn();
    const w = await start({ onFailure });
    const { position } = await record(0);
    await w.reached(position);
    await w.close();
    const answer = await Promise.race([
      w.reached(position + 1000).then(() => 'answered'),
      new Promise((resolve) => setImmediate(() => resolve('waiting'))),
    ]);
    expect(answer).toBe('answered');
    await expect(w.caughtUp()).resolves.toBeUndefined(); // not left pending on a worker that is gone
    expect(w.failure()).toBeUndefined();
    expect(onFailure).not.toHaveBeenCalled();
  });

  test('a worker that dies releases the writes waiting on it and reports the failure', async () => {
    const fatal = newStream();
    const onFailure = jest.fn();
    // A long settle time: the wait below must end because the worker died, not because time ran out.
    const w = await start({ data: { mode: 'exit-on', streamId: fatal }, onFailure, settleTimeoutMs: 60_000 });
    const { position } = await writer.append(fatal, [probe(0)], { expectedRevision: 'no-stream' });
    await w.reached(position);
    expect(w.failure()?.message).toBe('read-side worker exited (3)');
    expect(onFailure).toHaveBeenCalledTimes(1);
    expect(onFailure).toHaveBeenCalledWith(w.failure());
    expect(w.applied()).toBeLessThan(position);
    await expect(w.caughtUp()).rejects.toBe(w.failure());
    expect(await appliedPositions()).toEqual([]);
  });

  test('a worker that died is started again after the back-off, resumes the log and answers reached() again', async () => {
    const fatal = newStream();
    const onFailure = jest.fn();
    const w = await start({ data: { mode: 'exit-once', streamId: fatal, marker: join(dir, 'exited') }, onFailure, restartAfterMs: 50 });
    const first = await writer.append(fatal, [probe(0)], { expectedRevision: 'no-stream' });
    await w.reached(first.position); // released by the death, not applied
    expect(w.failure()?.message).toBe('read-side worker exited (3)');
    const since = Date.now();
    while (w.failure()) {
      if (Date.now() - since > 5000) throw new Error('the worker was not started again');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const after = await record(1);
    await w.reached(after.position);
    expect(await appliedPositions()).toEqual([first.position, after.position]); // the new worker replayed the first one
    expect(w.applied()).toBeGreaterThanOrEqual(after.position);
    await expect(w.caughtUp()).resolves.toBeUndefined();
    expect(onFailure).toHaveBeenCalledTimes(1);
  });
});

describe('starting the worker', () => {
  test("a read side that throws while starting rejects the start with its error, and onFailure hears of it", async () => {
    const onFailure = jest.fn();
    const starting = start({ data: { mode: 'fail-start' }, onFailure });
    await expect(starting).rejects.toThrow('probe read side refused to start');
    expect(onFailure).toHaveBeenCalledTimes(1);
    expect(onFailure.mock.calls[0][0].message).toMatch(/^read-side worker failed: .*probe read side refused to start/s);
  });

  test('a read side that never finishes starting is given up after startTimeoutMs', async () => {
    const onFailure = jest.fn();
    await expect(start({ data: { mode: 'never-start' }, startTimeoutMs: 200, onFailure })).rejects.toThrow('read-side worker did not start within 200 ms');
    // The reason is the timeout, not the exit of the thread the host then terminated.
    expect(onFailure).toHaveBeenCalledTimes(1);
    expect(onFailure.mock.calls[0][0].message).toBe('read-side worker did not start within 200 ms');
  });
});
