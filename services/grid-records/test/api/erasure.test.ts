// 删除个人信息 over HTTP: recorded, the key destroyed, every copy reads 已删除, no byte of the person left, chains intact.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventRegistry, type Envelope, type Member } from '@grid/contracts';
import { auditLog } from '@grid/platform';
import { isSealed } from '../../src/application/personal-data';
import { people } from '../application/people';
import { grant, household, tokensFor, type Tokens } from './assistance-steps';
import { seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
let t: Tokens;
let auditor: string;
let hh: { id: string; person: (relation: string) => string };
let alone: { id: string; person: (relation: string) => string };
const basis = { legalBasis: 'retention-ended', reference: '冷民删字〔2026〕3号', on: '2026-12-01' };
const erase = (personId: string, token: string, body: unknown = basis) => h.post(`/v1/residents/${personId}/erasure`, body, token);
/** Free text about the person's health: sealed under their key since v2, so erasure reaches it. */
const CORRECTION_REASON = '本人听力残疾, 由女儿代为申报新号码';
const REVOCATION_REASON = '公安户籍核查: 赵某健在, 系住院期间误报死亡';

async function ok(pending: Promise<{ statusCode: number; body: string }>, what: string): Promise<void> {
  const res = await pending;
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
}

beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  t = await tokensFor(h);
  auditor = await h.token('auditor', [h.regions.d1!], 'auditor-qian');
  hh = await household(h, t.worker, h.regions.g1!, [people.head, people.spouse]);
  const spouse = hh.person('spouse');
  await ok(h.post(`/v1/residents/${spouse}/disability-certificate`, { kind: 'hearing', grade: 3, certifiedOn: '2020-05-01' }, t.worker), 'certificate');
  await ok(h.post(`/v1/residents/${spouse}/corrections`, { phone: '13907460001', reason: CORRECTION_REASON }, t.worker), 'correction');
  await grant(h, t, hh.id, { program: 'minimum-living' }, '2020-04-01', { class: 'A' });
  // A person program: its application carries the spouse's birth date (sealed since v2 of assistance.applied).
  await grant(h, t, hh.id, { program: 'solitary-elderly', personId: spouse }, '2020-04-01');
  await ok(h.post(`/v1/residents/${spouse}/death`, { diedOn: '2024-06-15', evidence: 'death-certificate' }, t.worker), 'death');
  // A death recorded in error, revoked with a reason, then recorded again: the revocation's reason is the person's.
  alone = await household(h, t.worker, h.regions.g1!, [people.other]);
  const other = alone.person('head');
  await ok(h.post(`/v1/residents/${other}/death`, { diedOn: '2024-01-10', evidence: 'visit-report' }, t.worker), 'death');
  await ok(h.post(`/v1/residents/${other}/death/revocation`, { reason: REVOCATION_REASON, evidence: '公安户籍核查 2024-07', on: '2024-02-01' }, t.district), 'revocation');
  await ok(h.post(`/v1/residents/${other}/death`, { diedOn: '2024-03-01', evidence: 'death-certificate' }, t.worker), 'death again');
});
afterAll(() => h.close());

type Entry = { type: string; data: Record<string, unknown> };
const timeline = async (householdId: string): Promise<Entry[]> => (await h.get(`/v1/audit/households/${householdId}/timeline`, auditor)).json().entries;
const spouseMember = async () =>
  ((await h.get(`/v1/households/${hh.id}`, t.worker)).json().members as { personId: string; birthDate: string; birthYear: number; disability: unknown }[]).find((m) => m.personId === hh.person('spouse'))!;
const spouseDisability = async () => (await spouseMember()).disability;
/** The spouse's birth date, as the ID number encodes it (sealed under their key since v2 of the member events). */
const SPOUSE_BORN = '1950-08-02';

describe('POST /v1/residents/{id}/erasure', () => {
  it('is the district’s, with a legal basis, and not while a status still covers the person', async () => {
    expect((await erase(hh.person('spouse'), t.worker)).statusCode).toBe(403);
    const head = await erase(hh.person('head'), t.district);
    expect(head.statusCode).toBe(422);
    expect(head.json().errors[0].rule).toBe('case-open');
    expect((await erase(hh.person('spouse'), t.district, { ...basis, legalBasis: 'because' })).statusCode).toBe(400);
  });

  it('before it, the sealed birth date, disability and reasons read as recorded', async () => {
    expect(await spouseMember()).toMatchObject({ birthDate: SPOUSE_BORN, birthYear: 1950 });
    expect(await spouseDisability()).toMatchObject({ kind: 'hearing', grade: 3 });
    expect((await timeline(hh.id)).find((e) => e.type === 'grid-records.resident.details-corrected')!.data.reason).toBe(CORRECTION_REASON);
    expect((await timeline(alone.id)).find((e) => e.type === 'grid-records.resident.death-revoked')!.data.reason).toBe(REVOCATION_REASON);
  });

  it('erases the spouse: recorded first, then every copy of their data reads 已删除', async () => {
    const res = await erase(hh.person('spouse'), t.district);
    expect(res.statusCode).toBe(200);
    const stream = await h.infra.store.readStream(`household-${hh.id}`);
    expect(stream.at(-1)).toMatchObject({ type: 'grid-records.resident.erased', data: { personId: hh.person('spouse'), legalBasis: 'retention-ended' } });
    const members = (await h.get(`/v1/households/${hh.id}`, t.worker)).json().members as { personId: string; name: string; idNumber: string; phone: string }[];
    expect(members.find((m) => m.personId === hh.person('spouse'))).toMatchObject({ name: '已删除', idNumber: '已删除', phone: '已删除', birthDate: '已删除', birthYear: 1950 });
    expect(members.find((m) => m.personId === hh.person('head'))!.name).toBe(people.head.name);
    // the key file no longer links the number to the reference the events carry; the head's link stays
    const { idRefs } = h.service.services;
    const index = h.infra.documents.collection('person_index');
    expect(await idRefs.find(people.spouse.idNumber)).toBeNull();
    expect(await index.get(hh.person('spouse'))).not.toHaveProperty('idHash');
    expect(await idRefs.find(people.head.idNumber)).toBe((await index.get(hh.person('head')))!.idHash);
    // the same request again records nothing more
    await erase(hh.person('spouse'), t.district);
    expect(await h.infra.store.readStream(`household-${hh.id}`)).toHaveLength(stream.length);
  });

  it('the disability’s kind and grade and the reasons read 已删除 in the household and the audit timeline', async () => {
    await ok(erase(alone.person('head'), t.district), 'erasure');
    expect(await spouseDisability()).toMatchObject({ kind: '已删除', grade: '已删除' });
    const entries = await timeline(hh.id);
    expect(entries.find((e) => e.type === 'grid-records.resident.disability-certified')!.data).toMatchObject({ kind: '已删除', grade: '已删除' });
    expect(entries.find((e) => e.type === 'grid-records.resident.details-corrected')!.data.reason).toBe('已删除');
    expect((await timeline(alone.id)).find((e) => e.type === 'grid-records.resident.death-revoked')!.data.reason).toBe('已删除');
  });

  it('leaves no byte of the name, ID number, phone, birth date, disability or reasons in any file of the data folder, and every chain verifies', async () => {
    const files = readdirSync(h.config.dataDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(f.parentPath, f.name))));
    const gone = [people.spouse.name, people.spouse.idNumber, people.spouse.phone, SPOUSE_BORN, '19500802', people.other.name, CORRECTION_REASON, REVOCATION_REASON, '"hearing"'];
    for (const text of gone) expect({ text, found: bytes.includes(Buffer.from(text)) }).toEqual({ text, found: false });
    expect(auditLog(h.config.databasePath)).toMatchObject({ ok: true, fault: null });
  });
});

/** What v2 of each event seals (contracts personal-data.ts `sealedSinceV2`): never in clear on the bus. */
const SEALED_SINCE_V2: Record<string, string[]> = {
  'grid-records.resident.disability-certified': ['kind', 'grade', 'previousGrade'],
  'grid-records.resident.details-corrected': ['reason'],
  'grid-records.resident.correction-requested': ['reason'],
  'grid-records.resident.correction-rejected': ['reason'],
  'grid-records.resident.death-revoked': ['reason'],
};

describe('on the bus', () => {
  it('every v2 event carries its disability and reasons sealed, never in clear', async () => {
    const seen: Envelope[] = [];
    const subscription = await h.infra.bus.subscribe('test-sealed-scan', ['grid-records.household.v1'], async (m) => void seen.push(m.value));
    await subscription.caughtUp();
    await subscription.close();
    const scanned = seen.filter((e) => SEALED_SINCE_V2[e.type]);
    expect(new Set(scanned.map((e) => e.type))).toEqual(new Set(['grid-records.resident.disability-certified', 'grid-records.resident.details-corrected', 'grid-records.resident.death-revoked']));
    for (const e of scanned) {
      expect({ type: e.type, schemaVersion: e.schemaVersion }).toEqual({ type: e.type, schemaVersion: eventRegistry.latest(e.type).schemaVersion });
      const fields = SEALED_SINCE_V2[e.type]!.filter((f) => e.data[f] !== null && e.data[f] !== undefined);
      expect(fields.filter((f) => !isSealed(e.data[f]))).toEqual([]);
    }
    const text = JSON.stringify(seen);
    for (const clear of [CORRECTION_REASON, REVOCATION_REASON, '"hearing"']) expect(text).not.toContain(clear);
  });

  it('every member event carries the birth date sealed, the year in clear', async () => {
    const seen: Envelope[] = [];
    const subscription = await h.infra.bus.subscribe('test-birth-date-scan', ['grid-records.household.v1'], async (m) => void seen.push(m.value));
    await subscription.caughtUp();
    await subscription.close();
    const members = seen.flatMap((e) => {
      if (e.type === 'grid-records.household.registered') return (e.data as { members: Member[] }).members;
      return e.type === 'grid-records.household.member-added' ? [(e.data as { member: Member }).member] : [];
    });
    expect(members.length).toBeGreaterThan(0);
    for (const m of members) expect({ sealed: isSealed(m.birthDate), birthYear: typeof m.birthYear }).toEqual({ sealed: true, birthYear: 'number' });
    expect(JSON.stringify(seen)).not.toContain(SPOUSE_BORN);
  });

  it('a person program’s application carries the birth date sealed and the year in clear, no month where its rules count none', async () => {
    const seen: Envelope[] = [];
    const subscription = await h.infra.bus.subscribe('test-applied-birth-scan', ['grid-records.assistance.v1'], async (m) => void seen.push(m.value));
    await subscription.caughtUp();
    await subscription.close();
    const applied = seen.filter((e) => e.type === 'grid-records.assistance.applied' && e.data.personId === hh.person('spouse'));
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ schemaVersion: 2, data: { program: 'solitary-elderly', birthYear: 1950 } });
    expect(isSealed(applied[0]!.data.birthDate)).toBe(true);
    expect(applied[0]!.data).not.toHaveProperty('birthMonth');
    expect(JSON.stringify(seen)).not.toContain(SPOUSE_BORN);
  });
});
