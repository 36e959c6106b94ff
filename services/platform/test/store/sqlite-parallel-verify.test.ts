import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Envelope, NewEvent } from '@grid/contracts';
import { sha256Hex, SqliteEventStore, verifyAll, verifyAllParallel } from '@grid/platform';
import { appendAndRead } from '@grid/platform/testing';

// verifyAllParallel must give verifyAll's answer: the same counts on healthy data, the same first fault
// (event and problem) on tampered data, wherever the fault sits relative to the workers' ranges.

const dir = mkdtempSync(join(tmpdir(), 'grid-parallel-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const actor = { id: 'parallel-verify-test', role: 'auditor' } as const;
const probe = (n: number): NewEvent => ({ type: 'platform.probe.recorded', data: { n, note: '入户走访' }, actor });

let path: string;
let store: SqliteEventStore;
let events: Envelope[];
const raws: DatabaseSync[] = [];
beforeEach(async () => {
  path = join(dir, `${randomUUID()}.db`);
  store = await SqliteEventStore.open({ path });
  // 5 streams, appended round-robin so every stream runs through every worker's range, plus one batch.
  const streams = Array.from({ length: 5 }, (_, i) => `test-${i}-${randomUUID()}`);
  events = [];
  for (let round = 0; round < 8; round += 1)
    for (const s of streams) events.push(...(await appendAndRead(store, s, [probe(round)], { expectedRevision: 'any' })));
  events.push(...(await appendAndRead(store, `test-batch-${randomUUID()}`, [probe(1), probe(2), probe(3)], { expectedRevision: 'no-stream' })));
});
afterEach(async () => {
  for (const db of raws.splice(0)) db.close();
  await store.close();
});

function raw(): DatabaseSync {
  const db = new DatabaseSync(path, { timeout: 5000 });
  raws.push(db);
  return db;
}
const canonicalOf = (e: Envelope) =>
  (raw().prepare('SELECT canonical FROM events WHERE event_id = ?').get(e.eventId) as { canonical: string }).canonical;
const update = (e: Envelope, column: string, value: string | number) =>
  raw().prepare(`UPDATE events SET ${column} = ? WHERE event_id = ?`).run(value, e.eventId);

test('healthy data: every event and stream counted, for any number of workers and page size', async () => {
  const expected = await verifyAll(store);
  expect(expected).toEqual({ ok: true, eventsChecked: 43, streamsChecked: 6, firstFault: null });
  for (const workers of [1, 3, 100]) expect(await verifyAllParallel(path, { workers, batchSize: 4 })).toEqual(expected);
  expect(await verifyAllParallel(path)).toEqual(expected);
}, 60_000); // 100 workers are clamped to 43 threads, each started for real: seconds on a loaded 2-core machine

test('an empty store verifies with nothing checked; :memory: is refused', async () => {
  const empty = join(dir, `${randomUUID()}.db`);
  await (await SqliteEventStore.open({ path: empty })).close();
  expect(await verifyAllParallel(empty)).toEqual({ ok: true, eventsChecked: 0, streamsChecked: 0, firstFault: null });
  await expect(verifyAllParallel(':memory:')).rejects.toThrow(':memory:');
});

// Positions 1–43; two workers check 1–21 and 22–43. The tampered event sits early (its next event in the
// same range), just before the boundary (its next event across it) and late.
describe.each([
  ['early', 3],
  ['before the boundary', 18],
  ['late', 33],
])('tampering %s in the log names the same fault as verifyAll', (_where, index) => {
  const same = async () => {
    const sequential = await verifyAll(store);
    expect(sequential.ok).toBe(false);
    for (const workers of [2, 3]) expect(await verifyAllParallel(path, { workers, batchSize: 5 })).toEqual(sequential);
    return sequential.firstFault;
  };

  test('a changed byte of the stored text', async () => {
    const target = events[index]!;
    update(target, 'canonical', canonicalOf(target).replace('入户', '出户'));
    expect(await same()).toMatchObject({ eventId: target.eventId, problem: 'hash-mismatch' });
  });

  test('text that is no longer JSON', async () => {
    const target = events[index]!;
    update(target, 'canonical', `${canonicalOf(target).slice(0, -1)} `);
    expect(await same()).toMatchObject({ eventId: target.eventId, problem: 'unreadable' });
  });

  test('a changed stored hash', async () => {
    const target = events[index]!;
    update(target, 'hash', sha256Hex('forged'));
    expect(await same()).toMatchObject({ eventId: target.eventId, problem: 'hash-mismatch' });
  });

  test('a row moved to another revision', async () => {
    const target = events[index]!;
    update(target, 'stream_revision', 99);
    expect(await same()).toMatchObject({ eventId: target.eventId, problem: 'misplaced' });
  });

  test('a re-hashed forgery breaks the link from the next event of its stream, even in another range', async () => {
    const target = events[index]!;
    const forged = canonicalOf(target).replace('入户', '出户');
    update(target, 'canonical', forged);
    update(target, 'hash', sha256Hex(forged));
    const next = events.find((e) => e.streamId === target.streamId && e.streamRevision === target.streamRevision + 1)!;
    expect(await same()).toMatchObject({ eventId: next.eventId, problem: 'broken-link' });
  });

  test('a deleted event is a gap at the next event of its stream', async () => {
    const target = events[index]!;
    raw().prepare('DELETE FROM events WHERE event_id = ?').run(target.eventId);
    const next = events.find((e) => e.streamId === target.streamId && e.streamRevision === target.streamRevision + 1)!;
    expect(await same()).toMatchObject({ eventId: next.eventId, problem: 'revision-gap' });
  });
});
