// The log chain of the SQLite store (docs/audit.md): written with every append, chained once for a store from
// before it; anchors on a schedule.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { ANCHOR_EVENT, ANCHOR_STREAM, auditLog, auditLogParallel, keyIdOf, logLink, SqliteEventStore, streamsRoot, type StreamHead } from '@grid/platform';

const actor = { id: 'log-chain-test', role: 'system' } as const;
let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'log-chain-'));
  path = join(dir, 'grid.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function appendConcurrently(): Promise<void> {
  const store = await SqliteEventStore.open({ path, synchronous: 'OFF' });
  // One turn of the loop: one group commit, each append in its own savepoint, one of them refused.
  await Promise.allSettled(
    [0, 1, 2, 3, 4].map((i) =>
      store.append(`test-${i % 2}`, [{ type: 'platform.probe.recorded', data: { n: i }, actor }], { expectedRevision: i === 4 ? 7 : 'any' }),
    ),
  );
  await store.append('test-2', [1, 2].map((n) => ({ type: 'platform.probe.recorded', data: { n }, actor })), { expectedRevision: 'no-stream' });
  await store.close();
}

const links = () => {
  const db = new DatabaseSync(path, { readOnly: true });
  const rows = db.prepare('SELECT global_position AS p, hash, log_hash AS link FROM events ORDER BY global_position').all() as {
    p: number;
    hash: string;
    link: string;
  }[];
  db.close();
  return rows;
};

test('every append links its events into the log chain, positions contiguous, a refused append leaving no hole', async () => {
  await appendConcurrently();
  const rows = links();
  expect(rows.map((r) => r.p)).toEqual([1, 2, 3, 4, 5, 6]);
  let link: string | null = null;
  for (const row of rows) {
    link = logLink(link, row.p, row.hash);
    expect(row.link).toBe(link);
  }
  expect(auditLog(path)).toMatchObject({ ok: true, events: 6, streams: 3, head: 6, logHash: link });
});

test('a store from before the log chain is chained once when opened, as if it had been chained all along', async () => {
  await appendConcurrently();
  const chained = links();
  const db = new DatabaseSync(path);
  db.exec('ALTER TABLE events DROP COLUMN log_hash; PRAGMA user_version = 1');
  db.close();
  expect(() => auditLog(path)).toThrow(/schema v1/);
  await (await SqliteEventStore.open({ path, synchronous: 'OFF' })).close();
  expect(links()).toEqual(chained);
  expect(auditLog(path).ok).toBe(true);
});

test('a store opened with an anchor interval anchors its head once the interval has passed, and verify checks that anchor', async () => {
  await appendConcurrently();
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  try {
    const key = generateKeyPairSync('ed25519').privateKey;
    const store = await SqliteEventStore.open({ path, synchronous: 'OFF', anchors: { key, everyMs: 24 * 3_600_000 } });
    const appended = new Promise<void>((resolve) => store.onDurable(resolve));
    jest.advanceTimersByTime(3_600_000);
    await appended;
    const [anchor] = await store.readStream(ANCHOR_STREAM);
    expect(anchor).toMatchObject({ type: ANCHOR_EVENT, globalPosition: 7, data: { position: 6, streams: 3, keyId: keyIdOf(createPublicKey(key)) } });
    await store.close();
  } finally {
    jest.useRealTimers();
  }
  expect(auditLog(path)).toMatchObject({ ok: true, anchorsChecked: 1 });
});

test('events whose data repeats envelope member names, with a reason and a traceparent, verify', async () => {
  const store = await SqliteEventStore.open({ path, synchronous: 'OFF' });
  const tricky = { prevHash: 'f'.repeat(64), type: 'x.y.z', streamId: 'test-0', eventId: '"eventId":"e","occurredAt":', nested: { prevHash: null } };
  for (let i = 0; i < 3; i += 1) {
    const traceparent = `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`;
    await store.append('test-0', [{ type: 'platform.probe.recorded', data: { ...tricky, n: i }, actor, reason: '"prevHash":null 核对', traceparent }], {
      expectedRevision: 'any',
    });
  }
  await store.close();
  expect(auditLog(path)).toMatchObject({ ok: true, events: 3, streams: 1 });
});

test('the streams root is the sorted lines’ root however the streams table is paged', async () => {
  const store = await SqliteEventStore.open({ path, synchronous: 'OFF' });
  // ids that are prefixes of others: the table's id order is the lines' order (a line's id is followed by a space)
  for (const id of ['t-b', 't-a.b', 't-a', 't-c-1', 't-c', 't-d', 't-b']) await store.append(id, [{ type: 'platform.probe.recorded', data: { id }, actor }], { expectedRevision: 'any' });
  await store.close();
  const db = new DatabaseSync(path, { readOnly: true });
  const heads = db.prepare('SELECT stream_id, revision, hash FROM streams').all().map((r) => Object.values(r) as unknown as StreamHead);
  db.close();
  const expected = { ok: true, events: 7, streams: 6, streamsRoot: streamsRoot(heads) };
  for (const batchSize of [1, 2, 2000]) {
    expect(auditLog(path, { batchSize })).toMatchObject(expected);
    expect(await auditLogParallel(path, { batchSize, threads: 2 })).toMatchObject(expected);
  }
});
