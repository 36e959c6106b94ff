// auditLogParallel (docs/audit.md): the log cut into ranges checked by worker threads gives auditLog's report,
// anchors included, and on a fault auditLog's naming of it.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { auditLog, auditLogParallel, createAnchor, SqliteEventStore } from '@grid/platform';
import { auditRange } from '../../src/store/sqlite/audit-worker';

const actor = { id: 'parallel-audit-test', role: 'system' } as const;
let dir: string;
let path: string;

/** 4 streams interleaved, 30 events, an anchor after the 20th (position 21), 9 more events after it: positions 1–30. */
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parallel-audit-'));
  path = join(dir, 'grid.db');
  const append = async (from: number, to: number) => {
    const store = await SqliteEventStore.open({ path, synchronous: 'OFF' });
    for (let n = from; n < to; n += 1) await store.append(`test-${n % 4}`, [{ type: 'platform.probe.recorded', data: { n }, actor }], { expectedRevision: 'any' });
    await store.close();
  };
  await append(0, 20);
  await createAnchor(path, dir, actor);
  await append(20, 29);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test.each([2, 3, 7])('a sound log with an anchor: %i threads report what auditLog reports', async (threads) => {
  const report = await auditLogParallel(path, { threads, batchSize: 4 });
  expect(report).toEqual(auditLog(path));
  expect(report).toMatchObject({ ok: true, events: 30, streams: 5, head: 30, anchorsChecked: 1 });
});

const tamper = (sql: string) => {
  const db = new DatabaseSync(path);
  db.exec(sql);
  db.close();
};

test.each([
  ['a changed event in a middle range', "UPDATE events SET canonical = replace(canonical, '\"n\":14', '\"n\":41') WHERE global_position = 15"],
  ['an event deleted at a range boundary', 'DELETE FROM events WHERE global_position = 11'],
  ['the log’s last event deleted', 'DELETE FROM events WHERE global_position = 30'],
  ['the streams table missing a stream', "DELETE FROM streams WHERE stream_id = 'test-3'"],
])('%s: named as auditLog names it', async (_, sql) => {
  tamper(sql);
  const expected = auditLog(path);
  expect(expected.ok).toBe(false);
  expect(await auditLogParallel(path, { threads: 3 })).toEqual(expected);
});

test('a range reports the prevHash its streams’ first events store (read in place, as JSON.parse reads it), which the join links', () => {
  const job = { path, after: 10, upTo: 20, batchSize: 4, busyTimeoutMs: 1000, anchorPositions: [] };
  const db = new DatabaseSync(path, { readOnly: true });
  const stored = (position: number) =>
    (JSON.parse((db.prepare('SELECT canonical FROM events WHERE global_position = ?').get(position) as { canonical: string }).canonical) as { prevHash: string | null })
      .prevHash;
  // positions 11–14 hold n = 10–13: the first event of each of test-0 … test-3 in the range
  const firsts = [11, 12, 13, 14];
  const range = auditRange(job);
  const slots = Array.from({ length: range.firsts.size }, (_, slot) => slot);
  expect({
    streamIds: slots.map((slot) => range.lasts.idAt(slot)),
    revisions: slots.map((slot) => range.firsts.revisionAt(slot)),
    hashes: slots.map((slot) => range.firsts.prevHashAt(slot)),
  }).toEqual({
    streamIds: firsts.map((p) => `test-${(p - 1) % 4}`),
    revisions: firsts.map((p) => Math.floor((p - 1) / 4)),
    hashes: firsts.map(stored),
  });
  db.close();
});

test('a range from the log’s start links its streams’ first events itself: each must be revision 0 with no prevHash', () => {
  const job = { path, after: 0, upTo: 12, batchSize: 4, busyTimeoutMs: 1000, anchorPositions: [] };
  expect(auditRange(job)).toMatchObject({ faulty: false, events: 12, firsts: { size: 0 } });
  // test-0's revision 0 (position 1) removed and the log closed up behind it, its chain relinked: only the stream is wrong.
  const db = new DatabaseSync(path);
  db.exec('DELETE FROM events WHERE global_position = 1; UPDATE events SET global_position = global_position + 1000; UPDATE events SET global_position = global_position - 1001');
  let link: string | null = null;
  for (const { global_position: at, hash: h } of db.prepare('SELECT global_position, hash FROM events ORDER BY global_position').all() as { global_position: number; hash: string }[]) {
    link = createHash('sha256').update(`${link ?? ''}|${at}|${h}`).digest('hex');
    db.prepare('UPDATE events SET log_hash = ? WHERE global_position = ?').run(link, at);
  }
  db.close();
  expect(auditRange(job).faulty).toBe(true);
  expect(auditRange({ ...job, upTo: 3 }).faulty).toBe(false); // test-0's revision 1 is at position 4 now
});

test('anchors in one range, streams changing between them: the ranges are joined once, not checked again by auditLog', async () => {
  const append = async (streams: number[]) => {
    const store = await SqliteEventStore.open({ path, synchronous: 'OFF' });
    for (const s of streams) await store.append(`test-${s}`, [{ type: 'platform.probe.recorded', data: { s }, actor }], { expectedRevision: 'any' });
    await store.close();
  };
  await createAnchor(path, dir, actor); // 31
  await append([0, 0, 1, 5, 1, 0, 6, 2, 5, 0]); // 32–41
  await createAnchor(path, dir, actor); // 42
  await append([3, 7, 0, 6]); // 43–46
  const seen: number[] = [];
  const report = await auditLogParallel(path, { threads: 2, batchSize: 4, onProgress: (done) => seen.push(done) });
  expect(report).toEqual(auditLog(path));
  expect(report).toMatchObject({ ok: true, events: 46, anchorsChecked: 3 });
  // a rerun by auditLog would start over from the log's first page
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
});
