import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@grid/platform';
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
