// The audit's check of the streams table (docs/audit.md) against a table rebuilt by a tamperer: every row must be
// one of the log's streams, at its head, listed once, and every one of the log's streams listed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { auditLog, auditLogParallel, SqliteEventStore } from '@grid/platform';

const actor = { id: 'streams-table-audit-test', role: 'system' } as const;
let dir: string;
let path: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'streams-table-audit-'));
  path = join(dir, 'grid.db');
  const store = await SqliteEventStore.open({ path, synchronous: 'OFF' });
  for (const id of ['t-a', 't-b', 't-c', 't-a']) await store.append(id, [{ type: 'platform.probe.recorded', data: { id }, actor }], { expectedRevision: 'any' });
  await store.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The streams table recreated as `columns` says, its rows copied over, then `sql` run on it. */
function rebuilt(columns: string, sql: string): void {
  const db = new DatabaseSync(path);
  db.exec(`ALTER TABLE streams RENAME TO old_streams; CREATE TABLE streams (${columns});`);
  db.exec(`INSERT INTO streams SELECT stream_id, revision, hash FROM old_streams ORDER BY stream_id; DROP TABLE old_streams; ${sql}`);
  db.close();
}

async function expectFault(batchSize: number): Promise<void> {
  const report = auditLog(path, { batchSize });
  expect(report).toMatchObject({ ok: false, fault: { kind: 'missing-stream' } });
  expect(await auditLogParallel(path, { batchSize, threads: 2 })).toEqual(report);
}

test('a stream missing from the table and another listed twice in its place', async () => {
  rebuilt('stream_id TEXT, revision INTEGER, hash TEXT', "DELETE FROM streams WHERE stream_id = 't-c'; INSERT INTO streams SELECT * FROM streams WHERE stream_id = 't-b'");
  for (const batchSize of [1, 2000]) await expectFault(batchSize);
});

test('a row the log has no stream of, where the table’s order passes over it between two pages', async () => {
  // equal to t-a under the table's collation: a page ending at t-a goes on after it, past T-A
  rebuilt('stream_id TEXT COLLATE NOCASE, revision INTEGER, hash TEXT', "INSERT INTO streams SELECT 'T-A', revision, hash FROM streams WHERE stream_id = 't-a'");
  for (const batchSize of [1, 2000]) await expectFault(batchSize);
});
