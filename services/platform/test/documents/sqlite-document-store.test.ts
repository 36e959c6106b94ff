import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteDocumentStore } from '@grid/platform';
import { documentStoreContract } from '@grid/platform/testing';
import { parseFilter } from '../../src/documents/filter';
import { querySql } from '../../src/documents/sqlite/sql-filter';
import { WalSync } from '../../src/util/wal-sync';

// A real file, not ':memory:', so WAL mode and the on-disk schema are what is tested.
documentStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'grid-docs-'));
  const docs = new SqliteDocumentStore({ path: join(dir, 'docs.db') });
  return {
    docs,
    cleanup: async () => {
      await docs.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

// FULL with the WAL synced on the thread pool (the personal-data keys' setting): the same contract.
documentStoreContract('sqlite, FULL synced off the loop', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'grid-docs-'));
  const docs = new SqliteDocumentStore({ path: join(dir, 'docs.db'), synchronous: 'FULL', syncOffLoop: true });
  return {
    docs,
    cleanup: async () => {
      await docs.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SQLite document store, beyond the contract', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'grid-docs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('shares a file with other tables, keeping its own prefixed doc_ and in WAL mode', async () => {
    const path = join(dir, 'grid.db');
    const other = new DatabaseSync(path);
    other.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, body TEXT)');
    const docs = new SqliteDocumentStore({ path });
    await docs.collection('households').put({ _id: 'h1', members: 2 });
    const tables = other.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all().map((r) => r.name);
    expect(tables).toEqual(['doc_households', 'events']);
    expect(other.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    await docs.close();
    other.close();
  });

  it('answers an indexed equality through the expression index', async () => {
    const path = join(dir, 'grid.db');
    const docs = new SqliteDocumentStore({ path });
    const col = docs.collection('households');
    await col.ensureIndex({ fields: ['address.city'] });
    await col.put({ _id: 'h1', address: { city: 'Beijing' } });
    const db = new DatabaseSync(path);
    const where = querySql(parseFilter({ 'address.city': 'Beijing' }));
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM "doc_households"${where.sql}`)
      .all(...where.params)
      .map((r) => String(r.detail));
    expect(plan.join(' ')).toMatch(/USING INDEX doc_households__ix_/);
    db.close();
    await docs.close();
  });

  it('keeps documents across reopening the file', async () => {
    const path = join(dir, 'grid.db');
    const first = new SqliteDocumentStore({ path });
    await first.collection('households').putIfVersion({ _id: 'h1', head: '王五' }, undefined);
    await first.close();
    const second = new SqliteDocumentStore({ path });
    expect(await second.collection('households').get('h1')).toEqual({ _id: 'h1', head: '王五', _version: 1 });
    await second.close();
  });

  describe('group commit', () => {
    const commits = (db: DatabaseSync) => Number((db.prepare('PRAGMA data_version').get() as { data_version: number }).data_version);

    it('commits writes issued side by side in one transaction, each with its own compare-and-set result', async () => {
      const path = join(dir, 'grid.db');
      const docs = new SqliteDocumentStore({ path });
      const col = docs.collection('keys');
      await col.ensureIndex({ fields: ['keyId'], unique: true });
      await col.put({ _id: 'seed', keyId: 'k0' });
      const watcher = new DatabaseSync(path);
      const before = commits(watcher);
      const results = await Promise.allSettled([
        col.putIfVersion({ _id: 'a', keyId: 'k1' }, undefined),
        col.putIfVersion({ _id: 'a', keyId: 'k2' }, undefined), // same id: loses the insert race
        col.putIfVersion({ _id: 'b', keyId: 'k0' }, undefined), // unique index: its own error only
        col.putIfVersion({ _id: 'seed', keyId: 'k3' }, 0),
        col.putIfVersion({ _id: 'seed', keyId: 'k4' }, 0), // version moved on in the same batch
        col.get('a'), // a get of a document with a queued write reads it
      ]);
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).constructor.name))).toEqual([
        true,
        false,
        'DuplicateKeyError',
        true,
        false,
        { _id: 'a', keyId: 'k1', _version: 1 },
      ]);
      expect(commits(watcher) - before).toBe(1); // another connection saw one commit
      expect(watcher.prepare('SELECT count(*) AS n FROM doc_keys').get()).toEqual({ n: 2 });
      watcher.close();
      await docs.close();
    });

    it('settles writes only once committed: another connection sees them when the promise resolves', async () => {
      const path = join(dir, 'grid.db');
      const docs = new SqliteDocumentStore({ path, synchronous: 'FULL' });
      const col = docs.collection('keys');
      await col.put({ _id: 'x', n: 0 });
      const watcher = new DatabaseSync(path);
      const writes = Array.from({ length: 5 }, (_, i) => col.put({ _id: `d${i}`, n: i }).then(() => watcher.prepare(`SELECT count(*) AS n FROM doc_keys WHERE id = 'd${i}'`).get()));
      expect(await Promise.all(writes)).toEqual(Array.from({ length: 5 }, () => ({ n: 1 })));
      watcher.close();
      await docs.close();
    });

    it('runs queued writes before a schema change and before closing', async () => {
      const path = join(dir, 'grid.db');
      const docs = new SqliteDocumentStore({ path });
      const col = docs.collection('keys');
      const pending = col.put({ _id: 'late', n: 1 });
      await docs.close();
      await pending;
      const again = new SqliteDocumentStore({ path });
      expect(await again.collection('keys').get('late')).toEqual({ _id: 'late', n: 1, _version: 0 });
      await again.close();
    });

    it('off the loop: a write settles only after the WAL sync, which one sync shares among the commits made meanwhile', async () => {
      
      const real = WalSync.prototype.sync;
      const sync = jest.spyOn(WalSync.prototype, 'sync');
      const path = join(dir, 'keys.db');
      const docs = new SqliteDocumentStore({ path, synchronous: 'FULL', syncOffLoop: true });
      const col = docs.collection('keys');
      await col.put({ _id: 'first', n: 0 });
      const connection = new DatabaseSync(path);
      expect(connection.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
      connection.close();
      sync.mockClear();
      // Three separate commits (one per awaited tick), all settled after a sync that began after them.
      const order: string[] = [];
      sync.mockImplementation(function (this: InstanceType<typeof WalSync>) {
        order.push('sync');
        return real.call(this).then(() => void order.push('synced'));
      });
      await Promise.all(
        [1, 2, 3].map(async (i) => {
          await new Promise((r) => setImmediate(r));
          await col.put({ _id: `d${i}`, n: i });
          order.push(`settled d${i}`);
        }),
      );
      expect(order.filter((o) => o === 'sync').length).toBeGreaterThanOrEqual(1);
      for (const i of [1, 2, 3]) expect(order.indexOf(`settled d${i}`)).toBeGreaterThan(order.indexOf('synced'));
      // A get of a document whose write waits for its sync reads the write, after the sync.
      const write = col.put({ _id: 'late', n: 9 });
      expect(await col.get('late')).toEqual({ _id: 'late', n: 9, _version: 0 });
      await write;
      sync.mockRestore();
      await docs.close();
      const again = new SqliteDocumentStore({ path });
      expect(await again.collection('keys').count()).toBe(5);
      await again.close();
    });

    it('off the loop: a failed sync fails the writes it was to make durable, and no later write is taken (fail-stop)', async () => {
      const docs = new SqliteDocumentStore({ path: join(dir, 'keys.db'), synchronous: 'FULL', syncOffLoop: true });
      const col = docs.collection('keys');
      const sync = jest.spyOn(WalSync.prototype, 'sync').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
      await expect(col.put({ _id: 'lost', n: 1 })).rejects.toThrow('EIO');
      // After a failed fsync a later one that "succeeds" proves nothing (test/store/wal-fail-stop.test.ts).
      await expect(col.put({ _id: 'later', n: 2 })).rejects.toThrow(/fail-stop/);
      sync.mockRestore();
      await docs.close();
    });
  });
});
