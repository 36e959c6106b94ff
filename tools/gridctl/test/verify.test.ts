// gridctl verify and anchor against a scratch data folder: each way an insider with write access to grid.db could
// rewrite history is named (docs/audit.md), and verify itself writes nothing.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Envelope } from '@grid/contracts';
import { canonicalJson, loadConfig, logLink, sha256Hex, signAnchor, SqliteEventStore, type SignedAnchor } from '@grid/platform';
import { gridctl as run, useScratchDataDir } from './scratch';

let dir: string;
let path: string;
const scratch = useScratchDataDir('gridctl-verify-');

beforeEach(async () => {
  dir = scratch();
  path = loadConfig({ DATA_DIR: dir }).databasePath;
  // a0 b0 c0 a1 b1 c1 a2 b2 c2: positions 1–9
  const store = await SqliteEventStore.open({ path, synchronous: 'OFF' });
  const actor = { id: 'test', role: 'system' } as const;
  for (let n = 0; n < 3; n += 1) {
    for (const stream of ['test-a', 'test-b', 'test-c']) {
      await store.append(stream, [{ type: 'platform.probe.recorded', data: { n }, actor }], { expectedRevision: n === 0 ? 'no-stream' : n - 1 });
    }
  }
  await store.close();
});

interface Report {
  ok: boolean;
  events: number;
  streams: number;
  anchorsChecked: number;
  fault: { kind: string; streamId: string | null; streamRevision: number | null; globalPosition: number | null } | null;
}
const verify = async (...args: string[]) => JSON.parse(await run('verify', ...args)) as Report;

/** The attacker's tools: SQL on the file, and the store's own hash rules. */
function tamper(change: (db: DatabaseSync) => void): void {
  const db = new DatabaseSync(path);
  change(db);
  db.close();
}
const envelopes = (db: DatabaseSync, where = '1 = 1'): Envelope[] =>
  (db.prepare(`SELECT canonical, hash, global_position FROM events WHERE ${where} ORDER BY global_position`).all() as {
    canonical: string;
    hash: string;
    global_position: number;
  }[]).map((r) => ({ ...(JSON.parse(r.canonical) as Envelope), hash: r.hash, globalPosition: r.global_position }));

/** Rewrites a stream's data and recomputes its chain and its streams row, as a forger who knows the hash rule would. */
function rewriteStream(db: DatabaseSync, streamId: string): void {
  let prevHash: string | null = null;
  for (const e of envelopes(db, `stream_id = '${streamId}'`)) {
    const forged = { ...e, data: { n: 100 + e.streamRevision }, prevHash };
    const canonical = canonicalJson(forged);
    prevHash = sha256Hex(canonical);
    db.prepare('UPDATE events SET canonical = ?, hash = ? WHERE global_position = ?').run(canonical, prevHash, e.globalPosition);
    db.prepare('UPDATE streams SET hash = ? WHERE stream_id = ?').run(prevHash, streamId);
  }
}

/** Recomputes the whole log chain, as a forger who knows the log rule too. */
function rechainLog(db: DatabaseSync): void {
  let link: string | null = null;
  for (const { global_position: p, hash } of db.prepare('SELECT global_position, hash FROM events ORDER BY global_position').all() as {
    global_position: number;
    hash: string;
  }[]) {
    link = logLink(link, p, hash);
    db.prepare('UPDATE events SET log_hash = ? WHERE global_position = ?').run(link, p);
  }
}

test('an untouched store verifies, exit code unset', async () => {
  await expect(verify()).resolves.toMatchObject({ ok: true, events: 9, streams: 3, fault: null });
  expect(process.exitCode).toBeUndefined();
});

test('verify writes nothing to the file it checks: bytes and modification time unchanged', async () => {
  const before = { bytes: readFileSync(path), mtime: statSync(path).mtimeMs };
  await verify();
  expect(statSync(path).mtimeMs).toBe(before.mtime);
  expect(readFileSync(path).equals(before.bytes)).toBe(true);
});

test.each([
  [
    'a changed event',
    (db: DatabaseSync) =>
      db.prepare(`UPDATE events SET canonical = replace(canonical, '"n":1', '"n":9') WHERE stream_id = 'test-b' AND stream_revision = 1`).run(),
    { kind: 'content', streamId: 'test-b', streamRevision: 1, globalPosition: 5 },
  ],
  [
    'an event’s row moved to another revision (its columns no longer those of its text)',
    (db: DatabaseSync) => db.exec(`UPDATE events SET stream_revision = 7 WHERE stream_id = 'test-c' AND stream_revision = 2`),
    { kind: 'content', streamId: 'test-c', streamRevision: 7, globalPosition: 9 },
  ],
  [
    'a stream’s last event deleted',
    (db: DatabaseSync) => db.prepare(`DELETE FROM events WHERE stream_id = 'test-a' AND stream_revision = 2`).run(),
    { kind: 'gap', globalPosition: 7 },
  ],
  [
    'a whole stream deleted, its streams row too',
    (db: DatabaseSync) => db.exec(`DELETE FROM events WHERE stream_id = 'test-b'; DELETE FROM streams WHERE stream_id = 'test-b'`),
    { kind: 'gap', globalPosition: 2 },
  ],
  [
    'the log’s last event deleted',
    (db: DatabaseSync) => db.prepare('DELETE FROM events WHERE global_position = 9').run(),
    { kind: 'truncation', globalPosition: 9 },
  ],
  [
    'the last stream deleted, positions and counter made to fit',
    (db: DatabaseSync) => db.exec(`DELETE FROM events WHERE global_position = 9; UPDATE sqlite_sequence SET seq = 8 WHERE name = 'events'`),
    { kind: 'truncation', streamId: 'test-c', streamRevision: 2 },
  ],
  ['a stream rewritten with its hashes recomputed', (db: DatabaseSync) => rewriteStream(db, 'test-b'), { kind: 'link', streamId: 'test-b', globalPosition: 2 }],
  [
    'a forged event, correctly chained on its stream, appended',
    (db: DatabaseSync) => {
      const head = envelopes(db, `stream_id = 'test-a'`).pop()!;
      const forged = { ...head, eventId: crypto.randomUUID(), streamRevision: 3, prevHash: head.hash, data: { n: 3 } };
      const hash = sha256Hex(canonicalJson(forged));
      db.prepare(`INSERT INTO events (event_id, stream_id, stream_revision, type, canonical, hash) VALUES (?, 'test-a', 3, ?, ?, ?)`).run(
        forged.eventId,
        forged.type,
        canonicalJson(forged),
        hash,
      );
      db.prepare(`UPDATE streams SET revision = 3, hash = ? WHERE stream_id = 'test-a'`).run(hash);
    },
    { kind: 'link', streamId: 'test-a', streamRevision: 3, globalPosition: 10 },
  ],
  [
    'two events of a stream swapped',
    (db: DatabaseSync) =>
      db.exec(`
        UPDATE events SET global_position = -1 WHERE global_position = 1;
        UPDATE events SET global_position = 1 WHERE global_position = 4;
        UPDATE events SET global_position = 4 WHERE global_position = -1;`),
    { kind: 'order', streamId: 'test-a', streamRevision: 1, globalPosition: 1 },
  ],
])('%s: the fault is named, exit code 2', async (_case, change, expected) => {
  tamper(change);
  const report = await verify();
  expect(report.ok).toBe(false);
  expect(report.fault).toMatchObject(expected);
  expect(process.exitCode).toBe(2);
});

describe('anchors', () => {
  async function publishAnchor(): Promise<string> {
    await run('anchor', 'create');
    const file = join(dir, 'published-anchor.json');
    writeFileSync(file, await run('anchor', 'show'));
    return file;
  }

  test('an anchor signs the log’s head with a 0600 key of its own, and verify checks it', async () => {
    const anchor = JSON.parse(await run('anchor', 'create')) as { position: number; streams: number };
    expect(anchor).toMatchObject({ position: 9, streams: 3 });
    expect(statSync(join(dir, 'keys', 'anchor-ed25519.pem')).mode & 0o777).toBe(0o600);
    await expect(verify()).resolves.toMatchObject({ ok: true, events: 10, anchorsChecked: 1 });
  });

  test('a consistent rewrite (every hash recomputed, the log chain too, the anchor removed) is found by the published anchor', async () => {
    const published = await publishAnchor();
    tamper((db) => {
      db.exec(`DELETE FROM events WHERE stream_id = 'anchors-log'; DELETE FROM streams WHERE stream_id = 'anchors-log'`);
      db.exec(`UPDATE sqlite_sequence SET seq = 9 WHERE name = 'events'`);
      rewriteStream(db, 'test-b');
      rechainLog(db);
    });
    await expect(verify()).resolves.toMatchObject({ ok: true }); // without the published anchor nothing shows it
    await expect(verify('--anchor', published)).resolves.toMatchObject({ ok: false, fault: { kind: 'anchor-mismatch', globalPosition: 9 } });
    expect(process.exitCode).toBe(2);
  });

  test('a consistent rewrite that keeps the anchor in the log is found by it', async () => {
    await publishAnchor();
    tamper((db) => {
      rewriteStream(db, 'test-b');
      rechainLog(db);
    });
    await expect(verify()).resolves.toMatchObject({ ok: false, fault: { kind: 'anchor-mismatch', globalPosition: 9 } });
  });

  test('a cut tail made consistent (counter and streams table fixed) is found by the published anchor', async () => {
    const published = await publishAnchor();
    tamper((db) => {
      db.exec(`DELETE FROM events WHERE global_position >= 9; DELETE FROM streams WHERE stream_id = 'anchors-log'`);
      db.exec(`UPDATE sqlite_sequence SET seq = 8 WHERE name = 'events'; UPDATE streams SET revision = 1, hash = (SELECT hash FROM events WHERE global_position = 6) WHERE stream_id = 'test-c'`);
    });
    await expect(verify()).resolves.toMatchObject({ ok: true });
    await expect(verify('--anchor', published)).resolves.toMatchObject({ ok: false, fault: { kind: 'truncation', globalPosition: 9 } });
  });

  test('an anchor re-signed with another key is not trusted', async () => {
    const published = JSON.parse(readFileSync(await publishAnchor(), 'utf8')) as SignedAnchor;
    const forged = signAnchor({ ...published, logHash: '0'.repeat(64) }, generateKeyPairSync('ed25519').privateKey);
    tamper((db) => {
      const canonical = (db.prepare(`SELECT canonical FROM events WHERE stream_id = 'anchors-log'`).get() as { canonical: string }).canonical;
      const e = JSON.parse(canonical) as Envelope;
      const text = canonicalJson({ ...e, data: forged as never });
      db.prepare(`UPDATE events SET canonical = ?, hash = ? WHERE stream_id = 'anchors-log'`).run(text, sha256Hex(text));
      db.prepare(`UPDATE streams SET hash = ? WHERE stream_id = 'anchors-log'`).run(sha256Hex(text));
      rechainLog(db);
    });
    await expect(verify()).resolves.toMatchObject({ ok: false, fault: { kind: 'anchor-mismatch', streamId: 'anchors-log' } });
  });
});

test('a missing store is an error, not an empty success', async () => {
  rmSync(path);
  await expect(run('verify')).rejects.toThrow(/no event store/);
});
