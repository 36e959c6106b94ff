// Schema v3 of the SQLite store: the index of causation ids (docs/audit.md, "Audit queries"), added to a v2 store
// when the store opens it, never by verify.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { auditLog, SqliteEventStore } from '@grid/platform';
import { prepareStatements } from '../../src/store/sqlite/schema';

const actor = { id: 'causation-index-test', role: 'system' } as const;
let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'causation-index-'));
  path = join(dir, 'grid.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A cause and its effect in another stream, then the file taken back to v2 (no index), its WAL folded in. */
async function v2Store(): Promise<{ causeId: string; effectId: string }> {
  const store = await SqliteEventStore.open({ path, synchronous: 'OFF' });
  const [cause] = (await store.append('test-a', [{ type: 'platform.probe.recorded', data: { n: 0 }, actor }], { expectedRevision: 'no-stream' })).events;
  const [effect] = (
    await store.append('test-b', [{ type: 'platform.probe.recorded', data: { n: 1 }, actor, causationId: cause!.eventId }], { expectedRevision: 'no-stream' })
  ).events;
  await store.close();
  const db = new DatabaseSync(path);
  db.exec('DROP INDEX events_by_causation; PRAGMA user_version = 2; PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  return { causeId: cause!.eventId, effectId: effect!.eventId };
}

const schema = () => {
  const db = new DatabaseSync(path, { readOnly: true });
  const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").all() as { name: string }[]).map((r) => r.name);
  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('[]', 0) as { detail: string }[]).map((r) => r.detail).join('; ');
  const statements = prepareStatements(db);
  const plans = { byIds: plan(statements.eventsByIds.sourceSQL), causedBy: plan(statements.eventsCausedBy.sourceSQL) };
  db.close();
  return { version, indexes, plans };
};

test('a v2 store verifies as it is and stays unchanged; opening it adds the index, and both look-ups seek an index', async () => {
  const { causeId, effectId } = await v2Store();
  const bytes = readFileSync(path);
  const modified = statSync(path).mtimeMs;
  expect(auditLog(path)).toMatchObject({ ok: true, events: 2 });
  expect(readFileSync(path).equals(bytes)).toBe(true);
  expect(statSync(path).mtimeMs).toBe(modified);
  expect(schema()).toMatchObject({ version: 2, indexes: expect.not.arrayContaining(['events_by_causation']) });

  const store = await SqliteEventStore.open({ path, synchronous: 'OFF' });
  expect((await store.readCausedBy([causeId])).map((e) => e.eventId)).toEqual([effectId]);
  expect((await store.readEvents([effectId, causeId])).map((e) => e.eventId)).toEqual([causeId, effectId]);
  await store.close();
  const after = schema();
  expect(after.version).toBe(3);
  expect(after.indexes).toContain('events_by_causation');
  expect(after.plans.causedBy).toMatch(/SEARCH events USING INDEX events_by_causation/);
  expect(after.plans.byIds).toMatch(/SEARCH events USING (COVERING )?INDEX sqlite_autoindex_events_1 \(event_id=\?/);
  expect(auditLog(path).ok).toBe(true);
});

test('a row whose stored text is not JSON neither stops the migration nor the look-ups; verify still names it', async () => {
  const { causeId, effectId } = await v2Store();
  const db = new DatabaseSync(path);
  db.exec("INSERT INTO events (event_id, stream_id, stream_revision, type, canonical, hash) VALUES ('x', 'test-c', 0, 'platform.probe.recorded', 'not json', 'h')");
  db.close();
  const store = await SqliteEventStore.open({ path, synchronous: 'OFF' });
  expect((await store.readCausedBy([causeId])).map((e) => e.eventId)).toEqual([effectId]);
  await store.close();
  expect(auditLog(path)).toMatchObject({ ok: false, fault: { kind: 'content', globalPosition: 3 } });
});
