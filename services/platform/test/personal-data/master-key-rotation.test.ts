// Replacing the personal-data master key (docs/audit.md, "Closing v1"): everything sealed or looked up before keeps
// working under the new key, the old key is gone from the key file, and a run killed at any step is finished by the next.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sealed } from '@grid/contracts';
import {
  assertMasterKeyOfDistrict,
  ConfigError,
  createPersonalDataVault,
  embeddedMasterKeyPath,
  loadConfig,
  loadMasterKey,
  masterKeyIdOf,
  MemoryEventStore,
  PERSONAL_DATA_KEYS,
  PERSONAL_DATA_MASTER,
  pendingMasterKeyPath,
  PersonalDataError,
  recordMasterKeyRotation,
  rotateMasterKey,
  SqliteDocumentStore,
  type MasterKeyRotation,
  type PersonalDataKeyDoc,
  type RotateMasterKeyOptions,
} from '@grid/platform';

const ID = '11010519491231002X';
let dir: string;
let file: string;
let keys: SqliteDocumentStore;
let before: { old: Buffer; name: Sealed; others: Sealed[]; ref: string; v1: string };

const keyPath = () => join(dir, 'personal-data-keys.db');
const openKeys = () => new SqliteDocumentStore({ path: keyPath(), secureDelete: true });
const vaultUnder = (masterKey: Buffer) => createPersonalDataVault({ documents: keys, masterKey, cacheSize: 0 });
const rotate = (extra: Partial<RotateMasterKeyOptions> = {}) =>
  rotateMasterKey({ keys, file, beforeRotating: async () => undefined, record: async () => undefined, ...extra });
const bytesOfFolder = (): Buffer =>
  Buffer.concat(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => readFileSync(join(f.parentPath, f.name))),
  );

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'grid-rotation-'));
  const config = loadConfig({ DATA_DIR: dir });
  file = embeddedMasterKeyPath(dir);
  const old = loadMasterKey(config);
  keys = openKeys();
  const vault = vaultUnder(old);
  const name = await vault.seal('person:a', '王秀英');
  const others: Sealed[] = [];
  for (let i = 0; i < 30; i += 1) others.push(await vault.seal(`person:n${i}`, `居民${i}`));
  const ref = await vault.idRef(ID, { create: true });
  const v1 = vault.idHash('110105194912310021');
  await vault.idRef('110105194912310021', { create: false, legacy: async () => true });
  before = { old, name, others, ref, v1 };
});
afterEach(async () => {
  await keys.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('rotating the master key', () => {
  it('keeps sealed values, keyIds and id-refs rows working under the new key; the v1 idHash key changes with it', async () => {
    const rotation = await rotate();
    const next = loadMasterKey(loadConfig({ DATA_DIR: dir }));
    expect(next.equals(before.old)).toBe(false);
    expect(rotation).toEqual({ from: masterKeyIdOf(before.old), to: masterKeyIdOf(next), rewrapped: 31, resumed: false });
    const vault = vaultUnder(next);
    expect(await vault.open('person:a', before.name)).toBe('王秀英');
    expect(await vault.idRef(' 11010519491231002x', { create: false })).toBe(before.ref);
    expect(await vault.idRef('110105194912310021', { create: false })).toBe(before.v1);
    // Sealed after the rotation under the carried keyId key: the same subject's new keyIds check too.
    expect(await vault.open('person:b', await vault.seal('person:b', '李建国'))).toBe('李建国');
    await expect(vault.open('person:a', { ...before.name, keyId: (await vault.seal('person:b', 'x')).keyId })).rejects.toMatchObject({ code: 'wrong-subject' });
    expect(vault.idHash('110105194912310021')).not.toBe(before.v1);
    // Nothing holds a hash under the new idHash key: a number without a row is not looked for by it.
    const legacy = jest.fn(async () => true);
    expect(await vault.idRef('110105194912310038', { create: false, legacy })).toBeNull();
    expect(legacy).not.toHaveBeenCalled();
    const rows = await keys.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS).find();
    expect(new Set(rows.map((r) => r.masterKeyId))).toEqual(new Set([masterKeyIdOf(next)]));
    expect(await keys.collection(PERSONAL_DATA_MASTER).find()).toEqual([expect.objectContaining({ _id: masterKeyIdOf(next), from: masterKeyIdOf(before.old) })]);
  });

  it('leaves the old key nowhere in the data folder, and the old key opens nothing any more', async () => {
    await rotate();
    const folder = bytesOfFolder();
    expect(folder.includes(before.old)).toBe(false);
    expect(folder.includes(Buffer.from(before.old.toString('base64')))).toBe(false);
    expect(readFileSync(file, 'utf8')).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    await expect(vaultUnder(before.old).open('person:a', before.name)).rejects.toBeInstanceOf(PersonalDataError);
    await expect(vaultUnder(before.old).idRef(ID, { create: false })).rejects.toMatchObject({ code: 'wrong-master-key' });
  });

  it('rotates again: the keys carried once are carried on', async () => {
    await rotate();
    const second = await rotate();
    const vault = vaultUnder(loadMasterKey(loadConfig({ DATA_DIR: dir })));
    expect(second.rewrapped).toBe(31);
    expect(await vault.open('person:a', before.name)).toBe('王秀英');
    expect(await vault.idRef(ID, { create: false })).toBe(before.ref);
    expect(await keys.collection(PERSONAL_DATA_MASTER).count()).toBe(1);
  });

  it('hands the old key’s vault to beforeRotating, then records the rotation once every key is rewrapped, before the old key is gone', async () => {
    const seen: string[] = [];
    const recorded: MasterKeyRotation[] = [];
    await rotate({
      beforeRotating: async (vault) => void seen.push(vault.idHash('110105194912310021')),
      record: async (r) => {
        recorded.push(r);
        expect(readFileSync(file, 'utf8').trim()).toBe(before.old.toString('base64'));
        expect(await keys.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS).count({ masterKeyId: r.from })).toBe(0);
      },
    });
    expect(seen).toEqual([before.v1]);
    expect(recorded).toHaveLength(1);
  });

  it('records the audit event once per new key, with fingerprints and counts only', async () => {
    const store = new MemoryEventStore();
    const rotation = { from: 'a'.repeat(16), to: 'b'.repeat(16), rewrapped: 3, resumed: false, adoptedIdNumbers: 2, skippedIdNumbers: 1 };
    await recordMasterKeyRotation(store, rotation, { id: 'ops-li', role: 'operator' });
    await recordMasterKeyRotation(store, { ...rotation, resumed: true }, { id: 'ops-li', role: 'operator' });
    const events = await store.readStream('masterkeys-log');
    expect(events.map((e) => [e.type, e.schemaVersion, e.data])).toEqual([
      ['platform.personal-data.master-key-rotated', 2, { from: 'a'.repeat(16), to: 'b'.repeat(16), adoptedIdNumbers: 2, skippedIdNumbers: 1, rewrappedKeys: 3, resumed: false }],
    ]);
  });

  it('refuses, changing nothing, when a data key is wrapped under another master key', async () => {
    const stray = { ...(await keys.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS).get('person:a'))!, _id: 'person:x', masterKeyId: masterKeyIdOf(Buffer.alloc(32, 3)) };
    await keys.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS).put(stray);
    await expect(rotate()).rejects.toMatchObject({ code: 'wrong-master-key' });
    expect(readFileSync(file, 'utf8').trim()).toBe(before.old.toString('base64'));
    expect(readdirSync(join(dir, 'keys'))).toEqual(['personal-data-master.key']);
  });

  it('makes every rewrapped data key durable (a checkpoint of the key file) before the new key overwrites the old', async () => {
    const seen: { file: string; left: number }[] = [];
    const watched = Object.create(keys) as SqliteDocumentStore;
    Object.assign(watched, {
      purgeDeleted: async () => {
        seen.push({ file: readFileSync(file, 'utf8').trim(), left: await keys.collection(PERSONAL_DATA_KEYS).count({ masterKeyId: masterKeyIdOf(before.old) }) });
        return keys.purgeDeleted!();
      },
    });
    await rotateMasterKey({ keys: watched, file, beforeRotating: async () => undefined, record: async () => undefined });
    expect(seen[0]).toEqual({ file: before.old.toString('base64'), left: 0 });
  });

  it('refuses before writing anything when a data key does not unwrap, naming it', async () => {
    const rows = keys.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS);
    const bad = (await rows.get('person:n7'))!;
    await rows.put({ ...bad, tag: Buffer.alloc(16, 7).toString('base64') });
    await expect(rotate()).rejects.toThrow(/person:n7/);
    expect(readdirSync(join(dir, 'keys'))).toEqual(['personal-data-master.key']);
    expect(readFileSync(file, 'utf8').trim()).toBe(before.old.toString('base64'));
    expect(await rows.count({ masterKeyId: masterKeyIdOf(before.old) })).toBe(31);
    expect(await keys.collection(PERSONAL_DATA_MASTER).count()).toBe(0);
  });

  it('refuses before writing anything when the carried keys do not authenticate (a tampered document)', async () => {
    await rotate();
    const current = readFileSync(file, 'utf8').trim();
    const carried = keys.collection<{ _id: string; tag: string }>(PERSONAL_DATA_MASTER);
    const [doc] = await carried.find();
    await carried.put({ ...doc!, tag: Buffer.alloc(16, 7).toString('base64') });
    await expect(rotate()).rejects.toMatchObject({ code: 'tampered' });
    expect(readdirSync(join(dir, 'keys'))).toEqual(['personal-data-master.key']);
    expect(readFileSync(file, 'utf8').trim()).toBe(current);
    expect(await keys.collection(PERSONAL_DATA_KEYS).count({ masterKeyId: masterKeyIdOf(Buffer.from(current, 'base64')) })).toBe(31);
  });
});

describe('a process started with a master key the district no longer uses', () => {
  it('is refused at start, naming the key’s fingerprint and the rotation, not at its first personal-data request', async () => {
    await assertMasterKeyOfDistrict(keys, before.old); // before the rotation, the district's key
    const rotation = await rotate();
    const stale = assertMasterKeyOfDistrict(keys, before.old);
    await expect(stale).rejects.toBeInstanceOf(ConfigError);
    await expect(assertMasterKeyOfDistrict(keys, before.old)).rejects.toThrow(new RegExp(`${rotation.from}.*gridctl keys rotate-master`, 's'));
    await assertMasterKeyOfDistrict(keys, loadMasterKey(loadConfig({ DATA_DIR: dir })));
  });

  it('is refused when data keys are wrapped under another master key, in a district that never rotated', async () => {
    const rows = keys.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS);
    await assertMasterKeyOfDistrict(keys, before.old);
    await expect(assertMasterKeyOfDistrict(keys, Buffer.alloc(32, 9))).rejects.toThrow(/31 data keys are wrapped under another master key/);
    await rows.put({ ...(await rows.get('person:a'))!, _id: 'person:x', masterKeyId: masterKeyIdOf(Buffer.alloc(32, 3)) });
    await expect(assertMasterKeyOfDistrict(keys, before.old)).rejects.toThrow(/1 data keys are wrapped under another master key/);
  });
});

describe('a rotation killed half-way', () => {
  /** Runs a rotation that dies at the `n`th data key it rewraps. */
  async function killedAtKey(n: number): Promise<void> {
    const rows = keys.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS);
    const put = rows.putIfVersion.bind(rows);
    let count = 0;
    const dying = Object.create(keys) as SqliteDocumentStore;
    dying.collection = ((name: string) =>
      name === PERSONAL_DATA_KEYS
        ? Object.assign(Object.create(rows), { putIfVersion: (doc: PersonalDataKeyDoc, v: number | undefined) => ((count += 1) === n ? Promise.reject(new Error('killed')) : put(doc, v)) })
        : keys.collection(name)) as SqliteDocumentStore['collection'];
    await expect(rotateMasterKey({ keys: dying, file, beforeRotating: async () => undefined, record: async () => undefined })).rejects.toThrow('killed');
  }

  it('keeps every process from starting, and the old key from opening anything, until it is finished by running it again', async () => {
    await killedAtKey(12);
    expect(() => loadMasterKey(loadConfig({ DATA_DIR: dir }))).toThrow(ConfigError);
    expect(() => loadMasterKey(loadConfig({ DATA_DIR: dir }))).toThrow(/rotation .* was interrupted; finish it first: gridctl keys rotate-master/);
    await expect(vaultUnder(before.old).idRef(ID, { create: false })).rejects.toMatchObject({ code: 'wrong-master-key' });
    const left = await keys.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS).count({ masterKeyId: masterKeyIdOf(before.old) });
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(31);
    const finished = await rotate();
    expect(finished).toMatchObject({ rewrapped: left, resumed: true });
    const vault = vaultUnder(loadMasterKey(loadConfig({ DATA_DIR: dir })));
    expect(await vault.open('person:a', before.name)).toBe('王秀英');
    expect(await Promise.all(before.others.map((sealed, i) => vault.open(`person:n${i}`, sealed)))).toEqual(before.others.map((_, i) => `居民${i}`));
    expect(await vault.idRef(ID, { create: false })).toBe(before.ref);
  });

  it('is finished when killed after the key file was overwritten, or while it was (a torn file)', async () => {
    await rotate();
    const next = readFileSync(file, 'utf8');
    writeFileSync(pendingMasterKeyPath(file), next);
    expect(await rotate()).toMatchObject({ rewrapped: 0, resumed: true });
    writeFileSync(pendingMasterKeyPath(file), next);
    writeFileSync(file, `${next.slice(0, 20)}`);
    expect(await rotate()).toMatchObject({ rewrapped: 0, resumed: true });
    expect(readFileSync(file, 'utf8')).toBe(next);
    expect(await vaultUnder(loadMasterKey(loadConfig({ DATA_DIR: dir }))).open('person:a', before.name)).toBe('王秀英');
  });

  it('never overwrites a key file that does not read while data keys still need the old key', async () => {
    await killedAtKey(5);
    const old = readFileSync(file, 'utf8');
    writeFileSync(file, 'garbage');
    await expect(rotate()).rejects.toThrow(/does not read and \d+ data keys are not under the new key yet/);
    expect(readFileSync(file, 'utf8')).toBe('garbage');
    writeFileSync(file, old);
    expect(await rotate()).toMatchObject({ resumed: true });
  });

  it('refuses, deleting nothing, when the key file holds the new key but data keys are still under another (a power cut lost them)', async () => {
    await killedAtKey(12);
    const left = await keys.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS).count({ masterKeyId: masterKeyIdOf(before.old) });
    writeFileSync(file, readFileSync(pendingMasterKeyPath(file)));
    await expect(rotate()).rejects.toThrow(new RegExp(`${left} data keys are wrapped under another master key`));
    expect(readdirSync(join(dir, 'keys')).sort()).toEqual(['personal-data-master.key', 'personal-data-master.key.next']);
    expect(await keys.collection(PERSONAL_DATA_MASTER).count()).toBe(1);
  });
});
