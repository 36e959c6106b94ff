// 删除个人信息 over HTTP: recorded, the key destroyed, every copy reads 已删除, no byte of the person left, chains intact.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditLog } from '@grid/platform';
import { people } from '../application/people';
import { grant, household, tokensFor, type Tokens } from './assistance-steps';
import { seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
let t: Tokens;
let hh: { id: string; person: (relation: string) => string };
const basis = { legalBasis: 'retention-ended', reference: '冷民删字〔2026〕3号', on: '2026-12-01' };
const erase = (personId: string, token: string, body: unknown = basis) => h.post(`/v1/residents/${personId}/erasure`, body, token);

beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  t = await tokensFor(h);
  hh = await household(h, t.worker, h.regions.g1!, [people.head, people.spouse]);
  await grant(h, t, hh.id, { program: 'minimum-living' }, '2020-04-01', { class: 'A' });
  const died = await h.post(`/v1/residents/${hh.person('spouse')}/death`, { diedOn: '2024-06-15', evidence: 'death-certificate' }, t.worker);
  if (died.statusCode !== 200) throw new Error(`death: ${died.body}`);
});
afterAll(() => h.close());

describe('POST /v1/residents/{id}/erasure', () => {
  it('is the district’s, with a legal basis, and not while a status still covers the person', async () => {
    expect((await erase(hh.person('spouse'), t.worker)).statusCode).toBe(403);
    const head = await erase(hh.person('head'), t.district);
    expect(head.statusCode).toBe(422);
    expect(head.json().errors[0].rule).toBe('case-open');
    expect((await erase(hh.person('spouse'), t.district, { ...basis, legalBasis: 'because' })).statusCode).toBe(400);
  });

  it('erases the spouse: recorded first, then every copy of their data reads 已删除', async () => {
    const res = await erase(hh.person('spouse'), t.district);
    expect(res.statusCode).toBe(200);
    const stream = await h.infra.store.readStream(`household-${hh.id}`);
    expect(stream.at(-1)).toMatchObject({ type: 'grid-records.resident.erased', data: { personId: hh.person('spouse'), legalBasis: 'retention-ended' } });
    const members = (await h.get(`/v1/households/${hh.id}`, t.worker)).json().members as { personId: string; name: string; idNumber: string; phone: string }[];
    expect(members.find((m) => m.personId === hh.person('spouse'))).toMatchObject({ name: '已删除', idNumber: '已删除', phone: '已删除' });
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

  it('leaves no byte of the name, ID number or phone in any file of the data folder, and every chain verifies', async () => {
    const files = readdirSync(h.config.dataDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(f.parentPath, f.name))));
    for (const text of [people.spouse.name, people.spouse.idNumber, people.spouse.phone]) expect(bytes.includes(Buffer.from(text))).toBe(false);
    expect(auditLog(h.config.databasePath)).toMatchObject({ ok: true, fault: null });
  });
});
