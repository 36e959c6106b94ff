import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Envelope, NewEvent } from '@grid/contracts';
import { ConcurrencyError, InvalidEventError, SqliteEventStore, verifyAll, verifyStream } from '@grid/platform';
import { WalSync } from '../../src/util/wal-sync';
import { holdNextWalSync } from '../support/hold-wal-sync';

// What only the embedded adapter has: a file another connection can open, pragmas, group commit.
const dir = mkdtempSync(join(tmpdir(), 'grid-sqlite-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const actor = { id: 'durability-test', role: 'system' } as const;
const probe = (n: number, extra: Partial<NewEvent> = {}): NewEvent => ({ type: 'platform.probe.recorded', data: { n }, actor, ...extra });
const newStream = () => `test-${randomUUID()}`;

let path: string;
let store: SqliteEventStore;
const others: { close(): unknown }[] = [];
beforeEach(async () => {
  path = join(dir, `${randomUUID()}.db`);
  store = await SqliteEventStore.open({ path, notify: { pollMs: 20 } });
});
afterEach(async () => {
  for (const o of others.splice(0)) await o.close();
  await store.close();
});

/** A second, raw connection to the same file: what an auditor, an attacker or another process sees. */
function rawConnection(): DatabaseSync {
  const db = new DatabaseSync(path, { timeout: 5000 });
  others.push(db);
  return db;
}

describe('durability settings', () => {
  test('the file runs in WAL mode with FULL durability unless asked otherwise: SQLite at NORMAL, the WAL synced off the loop', async () => {
    expect(store.pragmas()).toEqual({ journalMode: 'wal', synchronous: 'NORMAL', busyTimeoutMs: 5000, durability: 'FULL' });
    expect(rawConnection().prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
  });

  test("syncOffLoop: false leaves the fsync to SQLite's own FULL", async () => {
    const blocking = await SqliteEventStore.open({ path: join(dir, `${randomUUID()}.db`), syncOffLoop: false });
    others.push(blocking);
    expect(blocking.pragmas()).toMatchObject({ synchronous: 'FULL', durability: 'FULL' });
  });

  test('a store opened with synchronous=NORMAL runs at NORMAL', async () => {
    const relaxed = await SqliteEventStore.open({ path: join(dir, 'nested', randomUUID(), 'events.db'), synchronous: 'NORMAL' });
    others.push(relaxed);
    expect(relaxed.pragmas()).toMatchObject({ synchronous: 'NORMAL', durability: 'NORMAL' });
  });

  test('off the loop, an append is answered after its WAL sync, and readers of the log see it only then', async () => {
    const before = await store.headPosition();
    const { sync, release } = holdNextWalSync();
    try {
      const stream = newStream();
      let answered = false;
      const appending = store.append(stream, [probe(0)], { expectedRevision: 'no-stream' }).then((r) => ((answered = true), r));
      while (sync.mock.calls.length === 0) await new Promise((resolve) => setImmediate(resolve)); // committed, syncing
      expect(answered).toBe(false);
      expect(await store.readStream(stream)).toHaveLength(1); // a command deciding on the stream sees it
      expect(await store.headPosition()).toBe(before); // the log's readers do not, yet
      const seen: Envelope[] = [];
      for await (const e of store.readAll({ fromPosition: before })) seen.push(e);
      expect(seen).toEqual([]);
      release();
      const result = await appending;
      expect(await store.headPosition()).toBe(result.position);
      for await (const e of store.readAll({ fromPosition: before })) seen.push(e);
      expect(seen.map((e) => e.streamId)).toEqual([stream]);
    } finally {
      release();
      sync.mockRestore();
    }
  });

  test("answerAt 'commit': answered at COMMIT and not synced alone; the durable append after it covers both with one sync", async () => {
    const before = await store.headPosition();
    const sync = jest.spyOn(WalSync.prototype, 'sync');
    try {
      const stream = newStream();
      const claim = await store.append(stream, [probe(0)], { expectedRevision: 'no-stream', answerAt: 'commit' });
      const committedAt = performance.now();
      expect(sync).not.toHaveBeenCalled();
      expect(await store.readStream(stream)).toHaveLength(1); // the next decision sees it
      expect(await store.headPosition()).toBe(before); // not known to be on disk: the log's readers do not see it
      // The later append's fdatasync begins after the claim's commit, so it covers the claim's frames too.
      const write = await store.append(stream, [probe(1)], { expectedRevision: 0 });
      // One sync covers both when the durable append is done within the 50 ms the claim waits; on a loaded
      // machine the steps above can take longer, and then the claim may have synced itself first.
      if (performance.now() - committedAt < 45) expect(sync).toHaveBeenCalledTimes(1);
      else expect([1, 2]).toContain(sync.mock.calls.length);
      expect(await store.headPosition()).toBe(write.position);
      const seen: Envelope[] = [];
      for await (const e of store.readAll({ fromPosition: before })) seen.push(e);
      expect(seen.map((e) => e.globalPosition)).toEqual([claim.position, write.position]);
    } finally {
      sync.mockRestore();
    }
  });

  test("answerAt 'commit' with no durable append after it: the group syncs itself soon, and close syncs it at once", async () => {
    const sync = jest.spyOn(WalSync.prototype, 'sync');
    try {
      const lone = await store.append(newStream(), [probe(0)], { expectedRevision: 'no-stream', answerAt: 'commit' });
      const since = Date.now();
      while ((await store.headPosition()) < lone.position) {
        if (Date.now() - since > 2000) throw new Error('never synced');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(sync).toHaveBeenCalledTimes(1);
      const last = await store.append(newStream(), [probe(1)], { expectedRevision: 'no-stream', answerAt: 'commit' });
      await store.close(); // does not leave it behind
      expect(sync).toHaveBeenCalledTimes(2);
      store = await SqliteEventStore.open({ path });
      expect(await store.headPosition()).toBe(last.position);
    } finally {
      sync.mockRestore();
    }
  });

  test('a failed WAL sync is fail-stop: its appends fail, the store takes no more writes, readers never pass it, the owner is told', async () => {
    const lost: unknown[] = [];
    const failing = await SqliteEventStore.open({ path: join(dir, `${randomUUID()}.db`), onDurabilityLost: (e) => lost.push(e) });
    others.push(failing);
    const before = await failing.append(newStream(), [probe(0)], { expectedRevision: 'no-stream' });
    const sync = jest.spyOn(WalSync.prototype, 'sync').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    try {
      await expect(failing.append(newStream(), [probe(0)], { expectedRevision: 'no-stream' })).rejects.toThrow('EIO');
      // After a failed fsync nobody knows what the file holds (the kernel may have dropped the dirty pages).
      await expect(failing.append(newStream(), [probe(0)], { expectedRevision: 'no-stream' })).rejects.toThrow(/fail-stop/);
      expect(lost).toEqual([expect.objectContaining({ code: 'EIO' })]);
      expect(await failing.headPosition()).toBe(before.position);
    } finally {
      sync.mockRestore();
    }
  });

  test('an unknown synchronous setting is refused rather than spliced into a PRAGMA', async () => {
    await expect(
      SqliteEventStore.open({ path: join(dir, `${randomUUID()}.db`), synchronous: 'FULL; DROP TABLE events' as never }),
    ).rejects.toThrow('synchronous must be one of');
  });

  test('an acknowledged append is already committed: another connection sees it', async () => {
    const stream = newStream();
    await store.append(stream, [probe(0), probe(1)], { expectedRevision: 'no-stream' });
    const raw = rawConnection();
    expect(raw.prepare('SELECT COUNT(*) AS n FROM events WHERE stream_id = ?').get(stream)).toEqual({ n: 2 });
    expect(raw.prepare('SELECT revision FROM streams WHERE stream_id = ?').get(stream)).toEqual({ revision: 1 });
  });

  test('close commits the appends still queued, and later appends are refused', async () => {
    const stream = newStream();
    const pending = store.append(stream, [probe(0)], { expectedRevision: 'no-stream' });
    await store.close();
    await expect(pending).resolves.toMatchObject({ nextRevision: 0 });
    await expect(store.append(stream, [probe(1)], { expectedRevision: 0 })).rejects.toThrow('closed');
    store = await SqliteEventStore.open({ path });
    expect(await store.readStream(stream)).toHaveLength(1);
  });
});

describe('group commit', () => {
  test('200 appends issued in one tick share one transaction', async () => {
    const before = store.stats();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.append(newStream(), [probe(i)], { expectedRevision: 'no-stream' })),
    );
    const after = store.stats();
    expect(results).toHaveLength(200);
    expect(after.appends - before.appends).toBe(200);
    expect(after.transactions - before.transactions).toBe(1);
    expect(after.largestGroup).toBe(200);
  });

  test('in one group, a conflicting and an invalid append fail alone while the others commit', async () => {
    const [a, b] = [newStream(), newStream()];
    const before = store.stats().transactions;
    const outcomes = await Promise.allSettled([
      store.append(a, [probe(0)], { expectedRevision: 'no-stream' }),
      store.append(a, [probe(1)], { expectedRevision: 'no-stream' }), // the first one of the group made it exist
      store.append(b, [probe(2)], { expectedRevision: 'no-stream' }),
      store.append(b, [probe(3), { ...probe(4), type: 'Not A Type' }], { expectedRevision: 0 }),
      store.append(a, [probe(5)], { expectedRevision: 0 }), // sees the first append of the group
    ]);
    expect(store.stats().transactions - before).toBe(1);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ actual: 0 });
    expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(InvalidEventError);
    expect((await store.readStream(a)).map((e) => e.data.n)).toEqual([0, 5]);
    expect((await store.readStream(b)).map((e) => e.data.n)).toEqual([2]);
    expect((await verifyAll(store)).ok).toBe(true);
  });

  test('an append that fails halfway through its rows rolls back only its own rows', async () => {
    const [s, t] = [newStream(), newStream()];
    await store.append(s, [probe(0)], { expectedRevision: 'no-stream' });
    // A stray row at revision 2 that the streams table does not know of: the append's second insert hits it.
    const raw = rawConnection();
    raw
      .prepare("INSERT INTO events (event_id, stream_id, stream_revision, type, canonical, hash) VALUES (?, ?, 2, 'x.y.z', '{}', '-')")
      .run(randomUUID(), s);
    const outcomes = await Promise.allSettled([
      store.append(s, [probe(1), probe(2)], { expectedRevision: 0 }),
      store.append(t, [probe(3)], { expectedRevision: 'no-stream' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled']);
    expect(raw.prepare('SELECT stream_revision AS r FROM events WHERE stream_id = ? ORDER BY r').all(s)).toEqual([{ r: 0 }, { r: 2 }]);
    expect(raw.prepare('SELECT revision FROM streams WHERE stream_id = ?').get(s)).toEqual({ revision: 0 });
    expect(await store.readStream(t)).toHaveLength(1);
  });

  test('a failing batch leaves no row in the file', async () => {
    const stream = newStream();
    const ids = [randomUUID(), randomUUID()];
    const batch = [probe(0, { eventId: ids[0] }), probe(1, { eventId: ids[1] }), { ...probe(2), data: { n: 2, big: 1n } }];
    await expect(store.append(stream, batch, { expectedRevision: 'no-stream' })).rejects.toBeInstanceOf(InvalidEventError);
    const raw = rawConnection();
    expect(raw.prepare('SELECT COUNT(*) AS n FROM events WHERE stream_id = ? OR event_id IN (?, ?)').get(stream, ids[0]!, ids[1]!)).toEqual(
      { n: 0 },
    );
    expect(raw.prepare('SELECT COUNT(*) AS n FROM streams WHERE stream_id = ?').get(stream)).toEqual({ n: 0 });
  });
});

describe('tampering with the file is named by the verifier', () => {
  let target: Envelope;
  let stream: string;
  beforeEach(async () => {
    // Three streams, interleaved, so the fault must be found among others and named precisely.
    const streams = [newStream(), newStream(), newStream()];
    for (let round = 0; round < 3; round += 1) {
      for (const s of streams) await store.append(s, [probe(round * 10 + 1)], { expectedRevision: 'any' });
    }
    stream = streams[1]!;
    target = (await store.readStream(stream))[1]!; // in the middle of its stream, so a successor exists
  });
  const named = (problem: string) => ({
    eventId: target.eventId,
    streamId: stream,
    streamRevision: 1,
    globalPosition: target.globalPosition,
    problem,
  });
  const canonicalOf = (raw: DatabaseSync) =>
    (raw.prepare('SELECT canonical FROM events WHERE event_id = ?').get(target.eventId) as { canonical: string }).canonical;
  const setColumn = (column: string, value: string | number) =>
    rawConnection().prepare(`UPDATE events SET ${column} = ? WHERE event_id = ?`).run(value, target.eventId);

  test('good data verifies before anything is changed', async () => {
    expect((await verifyAll(store)).ok).toBe(true);
  });

  test('one changed byte in the stored text is a hash mismatch of exactly that event', async () => {
    const text = canonicalOf(rawConnection());
    const at = text.indexOf('"n":11') + 5; // data.n 11 → 13: still valid JSON, a different fact
    setColumn('canonical', `${text.slice(0, at)}3${text.slice(at + 1)}`);
    expect((await verifyAll(store)).firstFault).toEqual(named('hash-mismatch'));
    expect((await verifyStream(store, stream)).firstFault).toEqual(named('hash-mismatch'));
  });

  test('bytes that are not UTF-8 any more are a hash mismatch of exactly that event', async () => {
    // Reads hash the stored bytes themselves: a byte no UTF-8 decoder keeps is still caught.
    const bytes = Buffer.from(canonicalOf(rawConnection()).replace('"n":11', '"n":"1x"'));
    bytes[bytes.indexOf('1x') + 1] = 0xff;
    rawConnection().prepare('UPDATE events SET canonical = CAST(? AS TEXT) WHERE event_id = ?').run(bytes, target.eventId);
    expect((await verifyAll(store)).firstFault).toEqual(named('hash-mismatch'));
    expect((await verifyStream(store, stream)).firstFault).toEqual(named('hash-mismatch'));
  });

  test('one changed byte that breaks the JSON names that event as unreadable', async () => {
    const text = canonicalOf(rawConnection());
    setColumn('canonical', `${text.slice(0, -1)} `);
    expect((await verifyAll(store)).firstFault).toEqual(named('unreadable'));
    expect((await verifyStream(store, stream)).firstFault).toEqual(named('unreadable'));
  });

  test('one changed character of a stored hash is a hash mismatch of exactly that event', async () => {
    const flipped = target.hash[0] === 'a' ? `b${target.hash.slice(1)}` : `a${target.hash.slice(1)}`;
    setColumn('hash', flipped);
    expect((await verifyAll(store)).firstFault).toEqual(named('hash-mismatch'));
    expect((await verifyStream(store, stream)).firstFault).toEqual(named('hash-mismatch'));
  });

  test('a row whose revision column was changed is named as misplaced', async () => {
    setColumn('stream_revision', 7);
    expect((await verifyAll(store)).firstFault).toEqual({ ...named('misplaced'), streamRevision: 7 });
    expect((await verifyStream(store, stream)).firstFault).toEqual({ ...named('misplaced'), streamRevision: 7 });
  });

  test('a row moved to another stream is named as misplaced by the full check', async () => {
    const elsewhere = newStream();
    setColumn('stream_id', elsewhere);
    expect((await verifyAll(store)).firstFault).toEqual({ ...named('misplaced'), streamId: elsewhere });
  });

  test('a deleted event shows as a gap at the next event of its stream', async () => {
    rawConnection().prepare('DELETE FROM events WHERE event_id = ?').run(target.eventId);
    const next = (await store.readStream(stream))[1]!;
    expect((await verifyAll(store)).firstFault).toMatchObject({ eventId: next.eventId, problem: 'revision-gap' });
    expect((await verifyStream(store, stream)).firstFault).toMatchObject({ eventId: next.eventId, problem: 'revision-gap' });
  });
});

describe('another process on the same file', () => {
  test('its appends count for expected revisions and reach subscriptions by polling', async () => {
    const other = await SqliteEventStore.open({ path, notify: { pollMs: 20 } });
    others.push(other);
    const stream = newStream();
    const seen: unknown[] = [];
    let third!: () => void;
    const arrived = new Promise<void>((resolve) => (third = resolve));
    const sub = await store.subscribeToAll((e) => {
      if (e.streamId !== stream) return;
      seen.push(e.data.n);
      if (seen.length === 3) third();
    });
    others.push(sub);
    await other.append(stream, [probe(0), probe(1)], { expectedRevision: 'no-stream' });
    await expect(store.append(stream, [probe(9)], { expectedRevision: 'no-stream' })).rejects.toMatchObject({ actual: 1 });
    await store.append(stream, [probe(2)], { expectedRevision: 1 });
    await arrived;
    expect(seen).toEqual([0, 1, 2]);
    expect((await verifyStream(other, stream)).ok).toBe(true);
  });
});
