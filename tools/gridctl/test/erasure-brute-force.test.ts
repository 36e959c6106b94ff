// 删除个人信息 (PIPL 第四十七条) against an insider who holds the master key and every file: after an erasure the store
// no longer gives the birth date (sealed under the erased key), and even with it known from elsewhere, hashing every
// 身份证 number it and the city's region codes allow, as the vault would, finds nothing.
import { createHmac, createSecretKey, hkdfSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personSubject, type Member } from '@grid/contracts';
import { checkCharacter, gridRecords, seedDistrict, type GridRecordsServices } from '@grid/grid-records';
import { createPersonalDataVault, loadMasterKey } from '@grid/platform';
import { startServiceHarness, type ServiceHarness } from '@grid/platform/service';
import { gridctl as run, gridctlOnHarness } from './scratch';

let h: ServiceHarness<GridRecordsServices>;
let exported: string;
const onHarness = gridctlOnHarness();
/** The resident erased here, as they were before: what the attacker wants back. */
let victim: { personId: string; householdId: string; name: string; idNumber: string; birthDate: string; applied: boolean };

beforeAll(async () => {
  h = await startServiceHarness(gridRecords, { READ_SIDE: 'inline' });
  const seeded = await seedDistrict({ services: h.service.services, store: h.infra.store }, { households: 12 });
  victim = await recordDeath(seeded.households.map((x) => x.id));
  await h.service.caughtUp();
  await onHarness.handOver(h);
  exported = mkdtempSync(join(tmpdir(), 'grid-erasure-export-'));
}, 120_000);
afterAll(() => {
  rmSync(exported, { recursive: true, force: true });
});

/** A member other than the head dies, one who applied for a person program if any did (the application carries the birth date); the erasure that follows is then allowed. */
async function recordDeath(householdIds: string[]): Promise<typeof victim> {
  const { vault, households } = h.service.services;
  const applicants = new Set<string>();
  for await (const e of h.infra.store.readAll()) if (e.type === 'grid-records.assistance.applied' && typeof e.data.personId === 'string') applicants.add(e.data.personId);
  const candidates = await Promise.all(householdIds.map(async (householdId) => ({ householdId, registered: (await h.infra.store.readStream(`household-${householdId}`))[0]! })));
  const applied = (c: (typeof candidates)[number]): boolean => (c.registered.data as { members: Member[] }).members.some((m) => applicants.has(m.personId) && m.personId !== c.registered.data.headId);
  for (const { householdId, registered } of [...candidates.filter(applied), ...candidates.filter((c) => !applied(c))]) {
    const data = registered.data as { headId: string; members: Member[] };
    const others = data.members.filter((m) => m.personId !== data.headId);
    const member = others.find((m) => applicants.has(m.personId)) ?? others[0];
    if (!member) continue;
    await households.recordDeath(householdId, member.personId, { diedOn: '2025-05-10', evidence: 'death-certificate' }, { actor: { id: 'worker-li', role: 'grid-worker' } });
    const subject = personSubject(member.personId);
    const [name, idNumber] = await Promise.all([vault.open(subject, member.name), vault.open(subject, member.idNumber)]);
    const birthDate = (await storedBirthDate(member.personId, householdId))!;
    return { personId: member.personId, householdId, name: name!, idNumber: idNumber!, birthDate, applied: applicants.has(member.personId) };
  }
  throw new Error('the seed has no household of two');
}

/** The birth date as the store holds it (the household's registration), opened with every key the data folder still holds: null once gone. */
async function storedBirthDate(personId: string, householdId: string): Promise<string | null> {
  const [registered] = await h.infra.store.readStream(`household-${householdId}`);
  const member = (registered!.data as { members: Member[] }).members.find((m) => m.personId === personId)!;
  if (typeof member.birthDate === 'string') return member.birthDate;
  // A vault of its own: nothing cached from before the erasure, only the key file as it is now.
  const vault = createPersonalDataVault({ documents: h.infra.keys, masterKey: loadMasterKey(h.config) });
  return vault.open(personSubject(personId), member.birthDate);
}

/**
 * The attack: every number of the city's region codes (431100–431199, GB/T 2260) with the stored birth date, each
 * sequence and its check character, hashed with every key the master key derives for ID numbers (the v1 idHash key
 * and the look-up key of the id-refs rows); the numbers whose hash some file holds as hex.
 */
function bruteForce(files: string[], birthDate: string): string[] {
  const master = loadMasterKey(h.config);
  const keys = ['grid.idHash.v1', 'grid.idLookup.v1'].map((info) => createSecretKey(Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32))));
  const held = new Set<string>();
  for (const file of files) for (const hex of readFileSync(file).toString('latin1').match(/[0-9a-f]{64}/g) ?? []) held.add(hex);
  const born = birthDate.replaceAll('-', '');
  const found: string[] = [];
  for (let region = 431100; region <= 431199; region += 1) {
    for (let sequence = 0; sequence < 1000; sequence += 1) {
      const first17 = `${region}${born}${String(sequence).padStart(3, '0')}`;
      const candidate = `${first17}${checkCharacter(first17)}`;
      if (keys.some((key) => held.has(createHmac('sha256', key).update(candidate).digest('hex')))) found.push(candidate);
    }
  }
  return found;
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => join(f.parentPath, f.name));

describe('an erased resident against an insider with the master key', () => {
  it('before the erasure, the brute force finds their number (the key file links it): the attack works', () => {
    expect(filesUnder(h.config.dataDir).map((f) => f.slice(h.config.dataDir.length))).toEqual(expect.arrayContaining(['/grid.db', '/bus.db', '/personal-data-keys.db']));
    expect(bruteForce(filesUnder(h.config.dataDir), victim.birthDate)).toContain(victim.idNumber);
  });

  it('before the erasure, the store gives the birth date the attack starts from (to whoever holds the master key)', async () => {
    expect(await storedBirthDate(victim.personId, victim.householdId)).toBe(victim.birthDate);
  });

  it('after it, no candidate number hashes to anything in the store, the bus, the read models, the key file or an export', async () => {
    await run('erase', victim.personId, '--legal-basis', 'retention-ended', '--reference', '冷民删字〔2026〕7号', '--sub', 'district-chen');
    await run('export', '--out', exported);
    const files = [...filesUnder(h.config.dataDir), ...filesUnder(exported)];
    // The store no longer gives the birth date: sealed under the destroyed key (a date in clear would still narrow the number).
    expect(await storedBirthDate(victim.personId, victim.householdId)).toBeNull();
    // Known from elsewhere, it finds nothing either.
    expect(bruteForce(files, victim.birthDate)).toEqual([]);
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    for (const text of [victim.name, victim.idNumber]) expect(bytes.includes(Buffer.from(text))).toBe(false);
    // Nor the birth date in clear: their applications carry it sealed (v2 of assistance.applied), the read models the year.
    expect(victim.applied).toBe(true);
    expect({ birthDate: victim.birthDate, found: bytes.includes(Buffer.from(victim.birthDate)) }).toEqual({ birthDate: victim.birthDate, found: false });
  });

});
