import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteDocumentStore } from '@grid/platform';
import { documentStoreContract } from '@grid/platform/testing';
import { parseFilter } from '../../src/documents/filter';
import { querySql } from '../../src/documents/sqlite/sql-filter';

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
});
