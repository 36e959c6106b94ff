// Erasure is physical: after a shred, no byte of the person's wrapped data key is left in the key file or its WAL.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPersonalDataVault, PERSONAL_DATA_KEYS, SqliteDocumentStore, type PersonalDataKeyDoc } from '@grid/platform';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'shred-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every file SQLite keeps for the database, as bytes. */
const fileBytes = (path: string): Buffer => Buffer.concat([path, `${path}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));

async function keyFileAfterShred(secureDelete: boolean): Promise<{ bytes: Buffer; shredded: PersonalDataKeyDoc; kept: PersonalDataKeyDoc }> {
  const path = join(dir, `keys-${secureDelete}.db`);
  const docs = new SqliteDocumentStore({ path, synchronous: 'FULL', syncOffLoop: true, ...(secureDelete ? { secureDelete } : {}) });
  const vault = createPersonalDataVault({ documents: docs, masterKey: Buffer.alloc(32, 7) });
  for (const n of [1, 2, 3]) await vault.seal(`person:p${n}`, '王秀英');
  const keys = docs.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS);
  const [shredded, kept] = [(await keys.get('person:p2'))!, (await keys.get('person:p3'))!];
  await vault.shred('person:p2');
  const bytes = fileBytes(path);
  await docs.close();
  return { bytes, shredded, kept };
}

describe('shredding a data key', () => {
  it('leaves none of its bytes (wrapped key, iv, tag, key id) in the key file or its WAL; other keys stay', async () => {
    const { bytes, shredded, kept } = await keyFileAfterShred(true);
    for (const text of [shredded.wrapped, shredded.iv, shredded.tag, shredded.keyId]) expect(bytes.includes(text)).toBe(false);
    expect(bytes.includes(kept.wrapped)).toBe(true);
  });

  it('without secure_delete the deleted row is still in the file (what the option is for)', async () => {
    const { bytes, shredded } = await keyFileAfterShred(false);
    expect(bytes.includes(shredded.wrapped)).toBe(true);
  });
});
