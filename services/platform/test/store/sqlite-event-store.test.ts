import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeRecorded } from '@grid/contracts';
import { DuplicateEventError, SqliteEventStore } from '@grid/platform';
import { eventStoreContract } from '@grid/platform/testing';

const dir = mkdtempSync(join(tmpdir(), 'grid-sqlite-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
eventStoreContract('SqliteEventStore', async () => {
  // A fresh file per test, in a folder that does not exist yet (open creates it).
  const path = join(dir, `run-${(files += 1)}`, 'events.db');
  // Short polling only matters for writers in other processes; local appends wake subscriptions at once.
  const open = () => SqliteEventStore.open({ path, notify: { pollMs: 20 } });
  const stores = [await open()];
  return {
    store: stores[0]!,
    reopen: async () => {
      const again = await open();
      stores.push(again);
      return again;
    },
    cleanup: async () => {
      for (const s of stores) await s.close();
    },
  };
});

// Beyond the port (event-store.ts): the embedded store indexes every id, so a reuse anywhere is refused.
test('an id already stored in another stream is refused as a duplicate, and the batch stores nothing', async () => {
  const store = await SqliteEventStore.open({ path: ':memory:' });
  try {
    const actor = { id: 'sqlite-test', role: 'system' } as const;
    const reused = { eventId: randomUUID(), type: probeRecorded.type, data: { n: 0 }, actor };
    await store.append('test-a', [reused], { expectedRevision: 'no-stream' });
    const fresh = { type: probeRecorded.type, data: { n: 1 }, actor };
    await expect(store.append('test-b', [fresh, reused], { expectedRevision: 'no-stream' })).rejects.toBeInstanceOf(DuplicateEventError);
    expect(await store.readStream('test-b')).toEqual([]);
  } finally {
    await store.close();
  }
});
