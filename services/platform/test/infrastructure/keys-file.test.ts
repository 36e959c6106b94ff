import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createPersonalDataVault, loadConfig, openInfrastructure, PERSONAL_DATA_KEYS, SqliteDocumentStore } from '@grid/platform';

// The personal-data keys live in personal-data-keys.db (synced at FULL), apart from the read models in documents.db
// (NORMAL): nothing can rebuild a key, anything in documents.db is rebuilt from the store.
const masterKey = Buffer.alloc(32, 9);
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'grid-keys-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const rows = (file: string, table: string): number => {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const exists = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = ?`).get(table) as { n: number };
    return exists.n === 0 ? 0 : (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};
const journalMode = (file: string): string => {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return (db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode;
  } finally {
    db.close();
  }
};

describe('where the personal-data keys are kept (embedded)', () => {
  test('a vault over infra.keys writes its keys to personal-data-keys.db, none to the read models file', async () => {
    const config = loadConfig({ DATA_DIR: dir });
    const infra = await openInfrastructure(config);
    try {
      expect(infra.keys).not.toBe(infra.documents);
      const vault = createPersonalDataVault({ documents: infra.keys, masterKey });
      const sealed = await vault.seal('person-1', '张三');
      await infra.documents.collection('households').put({ _id: 'h1', members: 1 });
      expect(await vault.open('person-1', sealed)).toBe('张三');
    } finally {
      await infra.close();
    }
    expect(rows(config.keysPath, `doc_${PERSONAL_DATA_KEYS}`)).toBe(1);
    expect(rows(config.documentsPath, `doc_${PERSONAL_DATA_KEYS}`)).toBe(0);
    expect(journalMode(config.keysPath)).toBe('wal');
  });

  test('keys an older folder kept in documents.db are moved to personal-data-keys.db, the old copies deleted, and still open', async () => {
    const config = loadConfig({ DATA_DIR: dir });
    const old = new SqliteDocumentStore({ path: config.documentsPath, synchronous: 'FULL' });
    const oldVault = createPersonalDataVault({ documents: old, masterKey });
    const sealed = await Promise.all(Array.from({ length: 700 }, (_, i) => oldVault.seal(`person-${i}`, `居民${i}`)));
    await old.collection('households').put({ _id: 'h1', members: 3 });
    await old.close();

    const infra = await openInfrastructure(config);
    try {
      const vault = createPersonalDataVault({ documents: infra.keys, masterKey });
      expect(await vault.open('person-0', sealed[0]!)).toBe('居民0');
      expect(await vault.open('person-699', sealed[699]!)).toBe('居民699');
      expect(await infra.documents.collection('households').get('h1')).toMatchObject({ members: 3 });
      // Shredding now erases the only copy.
      await vault.shred('person-5');
      expect(await vault.open('person-5', sealed[5]!)).toBeNull();
    } finally {
      await infra.close();
    }
    expect(rows(config.documentsPath, `doc_${PERSONAL_DATA_KEYS}`)).toBe(0);
    expect(rows(config.keysPath, `doc_${PERSONAL_DATA_KEYS}`)).toBe(699);

    // A second start has nothing left to move and brings no shredded key back.
    const again = await openInfrastructure(config);
    try {
      const vault = createPersonalDataVault({ documents: again.keys, masterKey });
      expect(await vault.open('person-5', sealed[5]!)).toBeNull();
      expect(await vault.open('person-6', sealed[6]!)).toBe('居民6');
    } finally {
      await again.close();
    }
  });
});
