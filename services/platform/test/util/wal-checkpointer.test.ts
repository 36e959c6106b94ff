import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDocumentStore, SqliteEventStore } from '@grid/platform';
import { CHECKPOINT_INTERVAL_MS } from '../../src/util/wal-checkpointer';

// The stores switch SQLite's in-COMMIT checkpoints off (below ~80 MB of WAL) and a worker thread checkpoints
// their files instead. Seen from outside: the database file takes in the WAL's pages while the store keeps writing.
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'grid-wal-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits (up to 10 s, for loaded CI machines) until `ok` holds; false if it never did. */
async function eventually(ok: () => boolean): Promise<boolean> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await pause(CHECKPOINT_INTERVAL_MS / 2)) if (ok()) return true;
  return ok();
}
test('a document store file is checkpointed by the worker while it is written (the WAL is far below any in-COMMIT checkpoint)', async () => {
  const path = join(dir, 'docs.db');
  const docs = new SqliteDocumentStore({ path });
  const col = docs.collection('blobs');
  const payload = 'x'.repeat(2000);
  for (let i = 0; i < 300; i += 1) await col.put({ _id: `d${i}`, payload }); // 300 commits, ~600 KB of rows
  expect(await eventually(() => statSync(path).size > 500_000)).toBe(true); // the rows reached the database file
  await docs.close();
  const again = new SqliteDocumentStore({ path });
  expect(await again.collection('blobs').count()).toBe(300);
  await again.close();
});

test('the event store file is checkpointed the same way, and closes cleanly afterwards', async () => {
  const path = join(dir, 'grid.db');
  const store = await SqliteEventStore.open({ path });
  for (let i = 0; i < 200; i += 1) {
    await store.append(`probe-${i}`, [{ type: 'platform.probe.recorded', data: { i, text: 'y'.repeat(2000) }, actor: { id: 't', role: 'system' } }], { expectedRevision: 'no-stream' });
  }
  expect(await eventually(() => statSync(path).size > 400_000)).toBe(true);
  await store.close();
  const reopened = await SqliteEventStore.open({ path });
  expect(await reopened.headPosition()).toBe(200);
  await reopened.close();
});
