import * as nodeCrypto from 'node:crypto';
import { secureRandom } from '../../src/personal-data/crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdHashSchema, SealedSchema, type Sealed } from '@grid/contracts';
import {
  createPersonalDataVault,
  MemoryDocumentStore,
  PERSONAL_DATA_ID_REFS,
  type IdRefDoc,
  PERSONAL_DATA_KEYS,
  PersonalDataError,
  SqliteDocumentStore,
  type DocumentStore,
  type PersonalDataKeyDoc,
  type PersonalDataVault,
} from '@grid/platform';

const MASTER = Buffer.alloc(32, 7);
const OTHER_MASTER = Buffer.alloc(32, 9);

/** The typed error of a rejected open/seal, so a test can say which failure it expects. */
async function failure(promise: Promise<unknown>): Promise<PersonalDataError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PersonalDataError);
    return error as PersonalDataError;
  }
  throw new Error('expected a PersonalDataError');
}

const flip = (base64: string, at = 0): string => {
  const bytes = Buffer.from(base64, 'base64');
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString('base64');
};

const adapters: [string, () => { docs: DocumentStore; cleanup: () => Promise<void> }][] = [
  ['memory', () => ({ docs: new MemoryDocumentStore(), cleanup: async () => {} })],
  [
    'sqlite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'grid-pd-'));
      const docs = new SqliteDocumentStore({ path: join(dir, 'documents.db') });
      return {
        docs,
        cleanup: async () => {
          await docs.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];

describe.each(adapters)('personal-data vault on the %s document store', (_name, open) => {
  let docs: DocumentStore;
  let cleanup: () => Promise<void>;
  let vault: PersonalDataVault;
  const keysOf = () => docs.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS);

  beforeEach(() => {
    ({ docs, cleanup } = open());
    vault = createPersonalDataVault({ documents: docs, masterKey: MASTER });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await cleanup();
  });

  describe('seal and open', () => {
    it('round-trips Chinese text, rare characters and emoji as a contract-valid Sealed', async () => {
      for (const text of ['张三', '浙江省杭州市西湖区文三路 90 号 3 单元 501 室', '𠀀𪚥 (Ext B)', 'Li Lei 👍', '13812345678']) {
        const sealed = await vault.seal('person:p1', text);
        expect(SealedSchema.parse(sealed)).toEqual(sealed);
        expect(sealed.ciphertext).not.toContain(Buffer.from(text).toString('base64'));
        expect(await vault.open('person:p1', sealed)).toBe(text);
      }
    });

    it('keeps one key per subject, a fresh IV per seal, and separate keys for separate subjects', async () => {
      const a1 = await vault.seal('person:a', '张三');
      const a2 = await vault.seal('person:a', '张三');
      const h = await vault.seal('household:h1', '张三');
      expect(a2.keyId).toBe(a1.keyId);
      expect(a2.iv).not.toBe(a1.iv);
      expect(a2.ciphertext).not.toBe(a1.ciphertext);
      expect(h.keyId).not.toBe(a1.keyId);
      expect(await keysOf().count()).toBe(2);
    });

    it('opens with a fresh vault (no cache) over the same store, as another process would', async () => {
      const sealed = await vault.seal('person:p1', '欧阳娜娜');
      const other = createPersonalDataVault({ documents: docs, masterKey: MASTER, cacheSize: 0 });
      expect(await other.open('person:p1', sealed)).toBe('欧阳娜娜');
      expect(await other.open('person:p1', JSON.parse(JSON.stringify(sealed)) as Sealed)).toBe('欧阳娜娜');
    });

    it('refuses an empty plaintext, which SealedSchema could not carry', async () => {
      await expect(vault.seal('person:p1', '')).rejects.toThrow(/empty/);
    });

    it('agrees on one key when many seals for a new subject race, in one process or two', async () => {
      const other = createPersonalDataVault({ documents: docs, masterKey: MASTER });
      const sealed = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? vault : other).seal('person:new', `值${i}`)));
      expect(new Set(sealed.map((s) => s.keyId)).size).toBe(1);
      expect(await keysOf().count()).toBe(1);
      const fresh = createPersonalDataVault({ documents: docs, masterKey: MASTER });
      expect(await Promise.all(sealed.map((s) => fresh.open('person:new', s)))).toEqual(sealed.map((_, i) => `值${i}`));
    });

    it('makes one key, with one insert and no look-up, when one process seals a new subject\'s fields side by side', async () => {
      const inserts = jest.spyOn(keysOf().constructor.prototype as { putIfVersion: () => unknown }, 'putIfVersion');
      const reads = jest.spyOn(keysOf().constructor.prototype as { get: () => unknown }, 'get');
      const sealed = await Promise.all(['张三', '330102199001011234', '13812345678'].map((v) => vault.seal('person:fresh', v)));
      expect(new Set(sealed.map((s) => s.keyId)).size).toBe(1);
      expect(inserts).toHaveBeenCalledTimes(1);
      expect(reads).not.toHaveBeenCalled();
      // A subject whose key exists but is not cached here: the insert loses, the stored key is read and used.
      const other = createPersonalDataVault({ documents: docs, masterKey: MASTER });
      const again = await other.seal('person:fresh', '李四');
      expect(again.keyId).toBe(sealed[0]!.keyId);
      expect(await vault.open('person:fresh', again)).toBe('李四');
    });
  });

  describe('a value that fails to open throws a typed error, never null', () => {
    it('sealed for another subject (moved into someone else\'s event)', async () => {
      const sealed = await vault.seal('person:a', '张三');
      await vault.seal('person:b', '李四');
      expect((await failure(vault.open('person:b', sealed))).code).toBe('wrong-subject');
      // A subject without any key is no excuse to read it as erased.
      expect((await failure(vault.open('person:never-sealed', sealed))).code).toBe('wrong-subject');
    });

    it('a flipped byte in the ciphertext, the tag or the iv', async () => {
      const sealed = await vault.seal('person:a', '330102199001011234');
      for (const broken of [{ ...sealed, ciphertext: flip(sealed.ciphertext, 3) }, { ...sealed, tag: flip(sealed.tag) }, { ...sealed, iv: flip(sealed.iv) }]) {
        const error = await failure(vault.open('person:a', broken));
        expect(error.code).toBe('tampered');
        expect(error.subjectId).toBe('person:a');
      }
    });

    it('a truncated tag (which GCM would otherwise accept) or a value that is not base64', async () => {
      const sealed = await vault.seal('person:a', '张三');
      const shortTag = Buffer.from(sealed.tag, 'base64').subarray(0, 12).toString('base64');
      expect((await failure(vault.open('person:a', { ...sealed, tag: shortTag }))).code).toBe('tampered');
      expect((await failure(vault.open('person:a', { ...sealed, iv: 'not base64!' }))).code).toBe('malformed');
    });

    it('a keyId altered to look like another of the subject\'s keys', async () => {
      const sealed = await vault.seal('person:a', '张三');
      const [prefix, nonce, mac] = sealed.keyId.split('.');
      const forged = `${prefix}.${nonce!.startsWith('A') ? 'B' : 'A'}${nonce!.slice(1)}.${mac}`;
      expect((await failure(vault.open('person:a', { ...sealed, keyId: forged }))).code).toBe('wrong-subject');
    });

    it('a wrapped key copied under another subject\'s id does not unwrap', async () => {
      await vault.seal('person:a', '张三');
      const sealedB = await vault.seal('person:b', '李四');
      const rowA = (await keysOf().get('person:a'))!;
      await keysOf().put({ ...rowA, _id: 'person:b', keyId: sealedB.keyId });
      const fresh = createPersonalDataVault({ documents: docs, masterKey: MASTER });
      expect((await failure(fresh.open('person:b', sealedB))).code).toBe('tampered');
    });

    it('keys wrapped under another master key are named as such, on open and on seal', async () => {
      const sealed = await vault.seal('person:a', '张三');
      const wrongMaster = createPersonalDataVault({ documents: docs, masterKey: OTHER_MASTER });
      // The keyId MAC is keyed by the master key too, so the first check to fail is the subject binding.
      expect((await failure(wrongMaster.open('person:a', sealed))).code).toBe('wrong-subject');
      expect((await failure(wrongMaster.seal('person:a', '李四'))).code).toBe('wrong-master-key');
    });
  });

  describe('crypto-shredding', () => {
    it('opens nothing after shred; the next seal makes a new key and the old values stay unreadable', async () => {
      const before = await vault.seal('person:a', '张三');
      const household = await vault.seal('household:h1', '文三路 90 号');
      await vault.shred('person:a');
      expect(await vault.open('person:a', before)).toBeNull();
      expect(await keysOf().get('person:a')).toBeNull();
      // Other subjects are untouched.
      expect(await vault.open('household:h1', household)).toBe('文三路 90 号');

      const after = await vault.seal('person:a', '张三丰');
      expect(after.keyId).not.toBe(before.keyId);
      expect(await vault.open('person:a', after)).toBe('张三丰');
      expect(await vault.open('person:a', before)).toBeNull();
      const fresh = createPersonalDataVault({ documents: docs, masterKey: MASTER });
      expect(await fresh.open('person:a', before)).toBeNull();
      expect(await fresh.open('person:a', after)).toBe('张三丰');
    });

    it('is idempotent, and a subject that never had a key shreds quietly', async () => {
      await vault.shred('person:nobody');
      const sealed = await vault.seal('person:a', '张三');
      await vault.shred('person:a');
      await vault.shred('person:a');
      expect(await vault.open('person:a', sealed)).toBeNull();
    });

    it('a replica whose cache still holds the shredded key re-reads when it meets the new key', async () => {
      const replica = createPersonalDataVault({ documents: docs, masterKey: MASTER });
      const old = await vault.seal('person:a', '张三');
      expect(await replica.open('person:a', old)).toBe('张三'); // cached in the replica now
      await vault.shred('person:a');
      const renewed = await vault.seal('person:a', '张三丰');
      expect(await replica.open('person:a', renewed)).toBe('张三丰');
      expect(await replica.open('person:a', old)).toBeNull();
    });

    it('a read racing with the shred does not put the shredded key back into the cache', async () => {
      const sealed = await vault.seal('person:a', '张三');
      const fresh = createPersonalDataVault({ documents: docs, masterKey: MASTER });
      const racing = fresh.open('person:a', sealed);
      await fresh.shred('person:a');
      await racing.catch(() => null); // either outcome is fine for the racing read itself
      expect(await fresh.open('person:a', sealed)).toBeNull();
    });
  });

  describe('idHash', () => {
    it('is a deterministic 64-hex HMAC of the trimmed, upper-cased number', () => {
      const hash = vault.idHash('11010519491231002X');
      expect(IdHashSchema.parse(hash)).toBe(hash);
      expect(vault.idHash('11010519491231002X')).toBe(hash);
      expect(vault.idHash(' 11010519491231002x\n')).toBe(hash);
      expect(createPersonalDataVault({ documents: docs, masterKey: MASTER }).idHash('11010519491231002x')).toBe(hash);
      expect(vault.idHash('110105194912310021')).not.toBe(hash);
    });

    it('depends on the master key, and is keyed by an HKDF-derived key, not the master key itself', () => {
      const id = '330102199001011234';
      const other = createPersonalDataVault({ documents: docs, masterKey: OTHER_MASTER });
      expect(other.idHash(id)).not.toBe(vault.idHash(id));
      expect(vault.idHash(id)).not.toBe(nodeCrypto.createHmac('sha256', MASTER).update(id).digest('hex'));
      expect(vault.idHash(id)).not.toBe(nodeCrypto.createHash('sha256').update(id).digest('hex'));
      const derived = Buffer.from(nodeCrypto.hkdfSync('sha256', MASTER, Buffer.alloc(0), 'grid.idHash.v1', 32));
      expect(vault.idHash(id)).toBe(nodeCrypto.createHmac('sha256', derived).update(id).digest('hex'));
    });

    it('refuses an empty number, which would de-duplicate every person without one into one', () => {
      expect(() => vault.idHash('  ')).toThrow(/empty/);
    });
  });

  describe('idRef', () => {
    const id = '11010519491231002X';
    const refsOf = () => docs.collection<IdRefDoc>(PERSONAL_DATA_ID_REFS);

    it('gives a number one random reference while its row lives, the same for every spelling, and none without create', async () => {
      expect(await vault.idRef(id, { create: false })).toBeNull();
      const ref = await vault.idRef(id, { create: true });
      expect(IdHashSchema.parse(ref)).toBe(ref);
      expect(ref).not.toBe(vault.idHash(id));
      expect(await vault.idRef(' 11010519491231002x\n', { create: false })).toBe(ref);
      expect(await createPersonalDataVault({ documents: docs, masterKey: MASTER }).idRef(id, { create: true })).toBe(ref);
      expect(await vault.idRef('110105194912310021', { create: true })).not.toBe(ref);
    });

    it('gives two writes recording a new number at once the same reference', async () => {
      const other = createPersonalDataVault({ documents: docs, masterKey: MASTER });
      const refs = await Promise.all([vault.idRef(id, { create: true }), other.idRef(id, { create: true }), vault.idRef(id, { create: true })]);
      expect(new Set(refs).size).toBe(1);
      expect(await refsOf().count()).toBe(1);
    });

    it('adopts the v1 idHash of a number the district already records by it', async () => {
      const asked: string[] = [];
      const legacy = async (v1: string) => (asked.push(v1), true);
      expect(await vault.idRef(id, { create: false, legacy })).toBe(vault.idHash(id));
      expect(asked).toEqual([vault.idHash(id)]);
      expect(await vault.idRef(id, { create: true })).toBe(vault.idHash(id));
      const fresh = await vault.idRef('110105194912310021', { create: true, legacy: async () => false });
      expect(fresh).not.toBe(vault.idHash('110105194912310021'));
    });

    it('once forgotten, leaves nothing in the key file that the master key links to the number; a new record gets a new reference', async () => {
      const ref = await vault.idRef(id, { create: true });
      const kept = await vault.idRef('110105194912310021', { create: true });
      await vault.forgetIdRefs([ref]);
      expect(await vault.idRef(id, { create: false })).toBeNull();
      expect(await vault.idRef('110105194912310021', { create: false })).toBe(kept);
      const rows = JSON.stringify(await refsOf().find());
      expect(rows).not.toContain(ref);
      const lookupKey = Buffer.from(nodeCrypto.hkdfSync('sha256', MASTER, Buffer.alloc(0), 'grid.idLookup.v1', 32));
      expect(rows).not.toContain(nodeCrypto.createHmac('sha256', lookupKey).update(id).digest('hex'));
      expect(await vault.idRef(id, { create: true })).not.toBe(ref);
    });
  });

  describe('proposeIdRef, recordIdRefs, withdrawIdRefs', () => {
    const id = '11010519491231002X';
    const refsOf = () => docs.collection<IdRefDoc>(PERSONAL_DATA_ID_REFS);

    it('proposes a reference without writing a row, the same one until recorded; recorded, it is the number’s', async () => {
      const ref = await vault.proposeIdRef(id);
      expect(IdHashSchema.parse(ref)).toBe(ref);
      expect(await vault.proposeIdRef(' 11010519491231002x')).toBe(ref);
      expect(await refsOf().count()).toBe(0);
      expect(await vault.idRef(id, { create: false })).toBeNull();
      expect(await vault.recordIdRefs([ref, ref])).toEqual([ref]);
      expect(await vault.idRef(id, { create: false })).toBe(ref);
      expect(await vault.recordIdRefs([ref])).toEqual([]);
      expect(await refsOf().count()).toBe(1);
    });

    it('proposes a number’s existing reference (or its adopted v1 hash) and records nothing for it', async () => {
      const ref = await vault.idRef(id, { create: true });
      expect(await vault.proposeIdRef(id)).toBe(ref);
      const v1 = await vault.proposeIdRef('110105194912310021', { legacy: async () => true });
      expect(v1).toBe(vault.idHash('110105194912310021'));
      expect(await vault.recordIdRefs([ref, v1])).toEqual([]);
      expect(await refsOf().count()).toBe(2);
    });

    it('refuses to record a proposal when another process recorded the number meanwhile, undoing what it wrote', async () => {
      const other = createPersonalDataVault({ documents: docs, masterKey: MASTER });
      const mine = await vault.proposeIdRef(id);
      const before = await vault.proposeIdRef('110105194912310021');
      const theirs = await other.proposeIdRef(id);
      expect(theirs).not.toBe(mine);
      await other.recordIdRefs([theirs]);
      await expect(vault.recordIdRefs([before, mine])).rejects.toMatchObject({ name: 'IdRefTaken', idRef: mine });
      expect(await vault.idRef(id, { create: false })).toBe(theirs);
      expect(await vault.idRef('110105194912310021', { create: false })).toBeNull();
      expect(await vault.proposeIdRef(id)).toBe(theirs);
    });

    it('refuses to record a reference whose row another process withdrew after this one found it (its write failed)', async () => {
      const other = createPersonalDataVault({ documents: docs, masterKey: MASTER });
      const theirs = await other.proposeIdRef(id);
      await other.recordIdRefs([theirs]);
      expect(await vault.proposeIdRef(id)).toBe(theirs);
      await other.withdrawIdRefs([theirs]);
      await expect(vault.recordIdRefs([theirs])).rejects.toMatchObject({ name: 'IdRefTaken', idRef: theirs });
      expect(await refsOf().count()).toBe(0);
    });

    it('withdraws recorded rows (a write that failed after all): they are proposals again', async () => {
      const ref = await vault.proposeIdRef(id);
      await vault.recordIdRefs([ref]);
      await vault.withdrawIdRefs([ref]);
      expect(await refsOf().count()).toBe(0);
      expect(await vault.proposeIdRef(id)).toBe(ref);
      expect(await vault.recordIdRefs([ref])).toEqual([ref]);
    });
  });

  describe('reveal for a declared purpose', () => {
    it('records who opened whose values and why, never the values, and opens them', async () => {
      const name = await vault.seal('person:a', '张三');
      const gone = await vault.seal('person:b', '李四');
      await vault.shred('person:b');
      const request = { service: 'elections', purpose: 'posted-roll', by: 'public' };
      expect(await vault.reveal(request, [{ subjectId: 'person:a', sealed: name }, { subjectId: 'person:b', sealed: gone }])).toEqual(['张三', null]);
      const [record, ...more] = await vault.reveals('elections');
      expect(more).toEqual([]);
      expect(record).toMatchObject({ ...request, subjects: ['person:a', 'person:b'] });
      expect(JSON.stringify(record)).not.toMatch(/张三|李四/);
      expect(await vault.reveals('help-projects')).toEqual([]);
    });

    it('lists the reveals in the order they were made, also many within one millisecond', async () => {
      const name = await vault.seal('person:a', '张三');
      const purposes = Array.from({ length: 40 }, (_, i) => `purpose-${i}`);
      for (const purpose of purposes) await vault.reveal({ service: 'elections', purpose, by: 'public' }, [{ subjectId: 'person:a', sealed: name }]);
      expect((await vault.reveals('elections')).map((r) => r.purpose)).toEqual(purposes);
    });

    it('refuses a reveal without a purpose, recording and opening nothing', async () => {
      const name = await vault.seal('person:a', '张三');
      await expect(vault.reveal({ service: 'elections', purpose: '', by: 'public' }, [{ subjectId: 'person:a', sealed: name }])).rejects.toThrow(/purpose/);
      expect(await vault.reveals('elections')).toEqual([]);
    });
  });

  describe('storage', () => {
    it('keeps the data key wrapped: no stored field holds the raw key in any encoding', async () => {
      // Keys come from a pooled CSPRNG (secureRandom): capture every pool fill, then make sure the current
      // pool was filled under the spy, so the key is some 32-byte window of what was captured.
      const fills: Buffer[] = [];
      const cryptoModule = jest.requireActual<typeof nodeCrypto>('node:crypto');
      const real = cryptoModule.randomFillSync;
      jest.spyOn(cryptoModule, 'randomFillSync').mockImplementation(((buffer: Buffer) => {
        const filled = real(buffer);
        fills.push(Buffer.from(filled));
        return filled;
      }) as typeof nodeCrypto.randomFillSync);
      for (let i = 0; i < 5; i += 1) secureRandom(1024);
      await vault.seal('person:a', '张三');
      const windows = fills.flatMap((f) => Array.from({ length: f.length - 31 }, (_, i) => f.subarray(i, i + 32)));
      expect(windows.length).toBeGreaterThan(4000);
      const row = (await keysOf().get('person:a'))!;
      expect(Object.keys(row).sort()).toEqual(['_id', '_version', 'createdAt', 'iv', 'keyId', 'masterKeyId', 'tag', 'wrapped']);
      const stored = JSON.stringify(row);
      const leaked = windows.filter(
        (raw) =>
          (['base64', 'base64url', 'hex', 'latin1'] as const).some((encoding) => stored.includes(raw.toString(encoding))) ||
          [row.wrapped, row.iv, row.tag].some((field) => Buffer.from(field, 'base64').includes(raw)),
      );
      expect(leaked).toEqual([]);
      expect(stored).not.toContain(MASTER.toString('base64'));
      expect(new Date(row.createdAt).toISOString()).toBe(row.createdAt);
    });

    it('imports a data key once per subject: seals and opens with a cached key create no key object', async () => {
      const cryptoModule = jest.requireActual<typeof nodeCrypto>('node:crypto');
      const imports = jest.spyOn(cryptoModule, 'createSecretKey');
      const ciphers = jest.spyOn(cryptoModule, 'createCipheriv');
      const deciphers = jest.spyOn(cryptoModule, 'createDecipheriv');
      const sealed = [];
      for (let i = 0; i < 5; i += 1) sealed.push(await vault.seal('person:a', `值${i}`));
      for (const [i, s] of sealed.entries()) expect(await vault.open('person:a', s)).toBe(`值${i}`);
      expect(imports).toHaveBeenCalledTimes(1); // the key created for person:a, not one per seal or open
      await vault.seal('household:h1', '文三路 90 号');
      expect(imports).toHaveBeenCalledTimes(2);

      const other = createPersonalDataVault({ documents: docs, masterKey: MASTER });
      imports.mockClear(); // the constructor imports its three derived keys
      for (const s of sealed) await other.open('person:a', s);
      expect(imports).toHaveBeenCalledTimes(1); // one unwrap, then the cache
      // Every cipher got a KeyObject: none was handed raw bytes that Node would import again.
      const keys = [...ciphers.mock.calls, ...deciphers.mock.calls].map((call) => call[1]);
      expect(keys.length).toBeGreaterThan(10);
      for (const key of keys) expect(key).toBeInstanceOf(nodeCrypto.KeyObject);
    });

    it('works without a cache, and refuses a master key of the wrong size', async () => {
      const uncached = createPersonalDataVault({ documents: docs, masterKey: MASTER, cacheSize: 0 });
      const sealed = await uncached.seal('person:a', '张三');
      expect(await uncached.open('person:a', sealed)).toBe('张三');
      expect(() => createPersonalDataVault({ documents: docs, masterKey: Buffer.alloc(16) })).toThrow(/32-byte/);
      expect(() => createPersonalDataVault({ documents: docs, masterKey: MASTER, cacheSize: -1 })).toThrow(/cacheSize/);
    });
  });
});
