// Closing v1 (docs/audit.md): people recorded before references carry HMAC(K_id, 身份证号) in their events for ever.
// Whoever holds the master key brute-forces their number from it, even after an erasure; `gridctl keys rotate-master`
// destroys K_id with the old master key, so after it and an erasure nothing the system holds gives the number back,
// while everyone else is found, opened and erased as before.
import { createDecipheriv, createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Member, Sealed } from '@grid/contracts';
import { checkCharacter, gridRecords, seedDistrict, type GridRecordsServices } from '@grid/grid-records';
import { loadConfig, loadMasterKey, PERSONAL_DATA_MASTER, type CarriedKeysDoc } from '@grid/platform';
import { startServiceHarness, type ServiceHarness } from '@grid/platform/service';
import { withGridRecords } from '../src/audit';
import { gridctl as run, gridctlOnHarness } from './scratch';

let h: ServiceHarness<GridRecordsServices>;
const onHarness = gridctlOnHarness();
const worker = { id: 'worker-li', role: 'grid-worker' } as const;
const BORN = { head: '19520314', spouse: '19500802' };
const numberOf = (born: string, sequence: string) => `431103${born}${sequence}${checkCharacter(`431103${born}${sequence}`)}`;
/** Two people written as the service wrote them before references: their events hold the v1 hash of their numbers. */
const people = {
  head: { personId: 'p-v1-head', name: '王秀英', idNumber: numberOf(BORN.head, '002'), birthDate: '1952-03-14', sex: 'female' },
  spouse: { personId: 'p-v1-spouse', name: '李建国', idNumber: numberOf(BORN.spouse, '003'), birthDate: '1950-08-02', sex: 'male' },
};
const HOUSEHOLD = 'h-v1';
let oldMaster: Buffer;
let gridId: string;

beforeAll(async () => {
  h = await startServiceHarness(gridRecords, { READ_SIDE: 'inline' });
  const seeded = await seedDistrict({ services: h.service.services, store: h.infra.store }, { households: 6 });
  const [first] = await h.infra.store.readStream(`household-${seeded.households[0]!.id}`);
  gridId = (first!.data as { gridId: string }).gridId;
  await legacyHousehold(gridId);
  await h.service.caughtUp();
  await h.service.services.households.recordDeath(HOUSEHOLD, people.spouse.personId, { diedOn: '2025-05-10', evidence: 'death-certificate' }, { actor: worker });
  await h.service.caughtUp();
  oldMaster = loadMasterKey(h.config);
  await onHarness.handOver(h);
}, 120_000);

async function legacyHousehold(gridId: string): Promise<void> {
  const { vault } = h.service.services;
  const member = async (p: (typeof people)['head'], relation: string): Promise<Member> => {
    const subject = `person:${p.personId}`;
    const [name, idNumber] = await Promise.all([vault.seal(subject, p.name), vault.seal(subject, p.idNumber)]);
    return { personId: p.personId, relation, name, idNumber, idHash: vault.idHash(p.idNumber), birthDate: p.birthDate, sex: p.sex } as Member;
  };
  const data = {
    householdId: HOUSEHOLD,
    gridId,
    address: await vault.seal(`household:${HOUSEHOLD}`, '梅湾路12号'),
    registration: 'urban',
    headId: people.head.personId,
    members: [await member(people.head, 'head'), await member(people.spouse, 'spouse')],
    on: '2019-01-01',
    by: worker,
  };
  await h.infra.store.append(`household-${HOUSEHOLD}`, [{ type: 'grid-records.household.registered', data, actor: worker }], { expectedRevision: 'no-stream' });
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => join(f.parentPath, f.name));
const hkdf = (master: Buffer, info: string): Buffer => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
const fingerprint = (master: Buffer): string => hkdf(master, 'grid.personalData.masterKeyId.v1').subarray(0, 8).toString('hex');

/** Every number of Yongzhou's region codes with the spouse's birth date, hashed with each key; those some file holds as hex. */
function bruteForce(keys: KeyObject[]): string[] {
  const held = new Set<string>();
  for (const file of filesUnder(h.config.dataDir)) for (const hex of readFileSync(file).toString('latin1').match(/[0-9a-f]{64}/g) ?? []) held.add(hex);
  const found: string[] = [];
  for (let region = 431100; region <= 431199; region += 1) {
    for (let sequence = 0; sequence < 1000; sequence += 1) {
      const first17 = `${region}${BORN.spouse}${String(sequence).padStart(3, '0')}`;
      const candidate = `${first17}${checkCharacter(first17)}`;
      if (keys.some((key) => held.has(createHmac('sha256', key).update(candidate).digest('hex')))) found.push(candidate);
    }
  }
  return found;
}

/** What an insider holding the new master key and the key file derives and unwraps: the new K_id and the carried K_lookup. */
async function keysOfTheNewMaster(): Promise<KeyObject[]> {
  const master = loadMasterKey(loadConfig());
  const [doc] = await h.infra.keys.collection<CarriedKeysDoc>(PERSONAL_DATA_MASTER).find();
  const decipher = createDecipheriv('aes-256-gcm', hkdf(master, 'grid.personalData.wrap.v1'), Buffer.from(doc!.iv, 'base64'), { authTagLength: 16 });
  decipher.setAAD(Buffer.from(JSON.stringify(['carried', doc!._id])));
  decipher.setAuthTag(Buffer.from(doc!.tag, 'base64'));
  const carried = Buffer.concat([decipher.update(Buffer.from(doc!.wrapped, 'base64')), decipher.final()]);
  return [hkdf(master, 'grid.idHash.v1'), hkdf(master, 'grid.idLookup.v1'), carried.subarray(0, 32)].map((k) => createSecretKey(k));
}

const sealedOf = async (personId: string): Promise<{ name: Sealed; idNumber: Sealed }> => {
  const [registered] = await h.infra.store.readStream(`household-${HOUSEHOLD}`);
  return (registered!.data as { members: Member[] }).members.find((m) => m.personId === personId)!;
};

describe('gridctl keys rotate-master on a store with people recorded before references', () => {
  it('before it, the old master key brute-forces a v1 number from the log: the attack works', () => {
    const kId = createSecretKey(hkdf(oldMaster, 'grid.idHash.v1'));
    expect(bruteForce([kId])).toEqual([people.spouse.idNumber]);
  });

  it('gives the v1 numbers their rows, rewraps every key, records the rotation; people are found and opened as before', async () => {
    const rotation = JSON.parse(await run('keys', 'rotate-master', '--sub', 'ops-li'));
    const newMaster = loadMasterKey(loadConfig());
    expect(rotation).toMatchObject({ from: fingerprint(oldMaster), to: fingerprint(newMaster), adoptedIdNumbers: 2, skippedIdNumbers: 0, resumed: false });
    expect(rotation.rewrapped).toBeGreaterThan(12);
    const [event, ...more] = await h.infra.store.readStream('masterkeys-log');
    expect(more).toEqual([]);
    expect(event).toMatchObject({ type: 'platform.personal-data.master-key-rotated', actor: { id: 'ops-li', role: 'operator' } });
    expect(event!.data).toEqual({ from: rotation.from, to: rotation.to, adoptedIdNumbers: 2, skippedIdNumbers: 0, rewrappedKeys: rotation.rewrapped, resumed: false });
    await withGridRecords(loadConfig(), async (services) => {
      const v1 = createHmac('sha256', hkdf(oldMaster, 'grid.idHash.v1')).update(people.head.idNumber).digest('hex');
      expect(await services.idRefs.find(people.head.idNumber)).toBe(v1);
      expect((await services.persons.byIdHash(v1))?.personId).toBe(people.head.personId);
      expect(await services.vault.open(`person:${people.head.personId}`, (await sealedOf(people.head.personId)).name)).toBe(people.head.name);
      expect(await services.idRefs.find(people.spouse.idNumber)).not.toBeNull();
    });
  });

  it('after it and an erasure, nothing the system holds gives the v1 number back; the old key is in no file', async () => {
    await run('erase', people.spouse.personId, '--legal-basis', 'retention-ended', '--reference', '冷民删字〔2026〕8号', '--sub', 'district-chen');
    await withGridRecords(loadConfig(), async (services) => {
      const sealed = await sealedOf(people.spouse.personId);
      expect(await services.vault.open(`person:${people.spouse.personId}`, sealed.idNumber)).toBeNull();
      expect(await services.idRefs.find(people.spouse.idNumber)).toBeNull();
    });
    expect(bruteForce(await keysOfTheNewMaster())).toEqual([]);
    const bytes = Buffer.concat(filesUnder(h.config.dataDir).map((f) => readFileSync(f)));
    expect(bytes.includes(oldMaster)).toBe(false);
    expect(bytes.includes(Buffer.from(oldMaster.toString('base64')))).toBe(false);
    expect(bytes.includes(Buffer.from(people.spouse.idNumber))).toBe(false);
  });

  it('keeps working for everyone else: one person one household holds for v1 people, new people are recorded and found', async () => {
    const again = JSON.parse(await run('keys', 'rotate-master'));
    expect(again).toMatchObject({ adoptedIdNumbers: 0, resumed: false });
    await withGridRecords(loadConfig(), async (services) => {
      const register = (name: string, idNumber: string) =>
        services.households.register({ gridId, address: '潇湘路8号', registration: 'urban', members: [{ relation: 'head', name, idNumber }], on: '2026-01-10' }, { actor: worker });
      await expect(register(people.head.name, people.head.idNumber)).rejects.toMatchObject({ householdId: HOUSEHOLD });
      const newcomer = numberOf('19800101', '007');
      await register('周文斌', newcomer);
      expect(await services.idRefs.find(newcomer)).not.toBeNull();
      expect((await services.persons.byIdHash((await services.idRefs.find(people.head.idNumber))!))?.personId).toBe(people.head.personId);
      expect(await services.vault.open(`person:${people.head.personId}`, (await sealedOf(people.head.personId)).name)).toBe(people.head.name);
    });
  });
});
