// Art 13 over HTTP: 户籍/居住 and 剥夺政治权利 come from grid-records' events only; voting day 2026-06-20.
import type { ServiceHarness } from '@grid/platform/service';
import type { ElectionsServices } from '../../src/composition';
import { appendDeprivation, appendGrid, appendHousehold, appendResidence, startElections } from './grid-records-events';
import { appendRegions, electionCall } from './regions';

let h: ServiceHarness<ElectionsServices>;
let id: string;
let token: string;

beforeAll(async () => {
  h = await startElections();
  await appendRegions(h.infra.store);
  await appendGrid(h.infra.store, 'g1', 'c1');
  await appendHousehold(h.infra.store, 'h1', 'g1', [['home', '1970-01-01'], ['away', '1990-01-01'], ['newcomer', '1985-01-01'], ['convict', '1980-01-01'], ['served', '1979-01-01'], ['late', '1992-01-01']]);
  await appendResidence(h.infra.store, 'h1', 'away', { hukou: 'here', living: 'away', since: '2024-02-01' });
  await appendResidence(h.infra.store, 'h1', 'late', { hukou: 'here', living: 'away', since: '2025-02-01' });
  await appendResidence(h.infra.store, 'h1', 'newcomer', { hukou: 'elsewhere', living: 'here', since: '2020-01-01' });
  await appendDeprivation(h.infra.store, 'h1', 'convict', '2025-06-01', null);
  await appendDeprivation(h.infra.store, 'h1', 'served', '2023-01-01', '2026-06-20');
  await h.service.caughtUp();
  token = await h.token('election-committee', ['c1']);
  id = ((await h.post('/v1/elections', electionCall('c1'), token)).json() as { id: string }).id;
  await h.post(`/v1/elections/${id}/audit`, { on: '2026-04-10', auditor: '街道经管站', reportRef: 'SJ-1' }, token);
});
afterAll(() => h.close());

const eligible = async () => ((await h.get(`/v1/elections/${id}/roll/eligible?on=2026-05-20`, token)).json() as { eligible: number }).eligible;

test('applications: 401 without a token, 404 out of scope, problem+json naming the field on bad input', async () => {
  const body = { voterId: 'away', kind: 'away-voter', on: '2026-05-01' };
  expect((await h.post(`/v1/elections/${id}/roll/applications`, body)).statusCode).toBe(401);
  const far = await h.token('election-committee', ['c2']);
  expect((await h.post(`/v1/elections/${id}/roll/applications`, body, far)).statusCode).toBe(404);
  expect((await h.post(`/v1/elections/${id}/roll/applications/a1/decision`, { on: '2026-05-02', admitted: true, reason: '同意' }, far)).statusCode).toBe(404);
  const bad = await h.post(`/v1/elections/${id}/roll/applications`, { ...body, kind: 'tourist' }, token);
  expect(bad.statusCode).toBe(400);
  expect(bad.headers['content-type']).toContain('application/problem+json');
  expect(JSON.stringify(bad.json())).toContain('kind');
});

test('the away voter who asked and the newcomer admitted go on; the one deprived on voting day stays off (Art 13)', async () => {
  // `served`: the term ends on voting day, so the rights are back by then; `away` and `newcomer` have not applied yet.
  expect(await eligible()).toBe(2);
  expect((await h.post(`/v1/elections/${id}/roll/applications`, { voterId: 'away', kind: 'away-voter', on: '2026-05-01' }, token)).statusCode).toBe(200);
  const applied = await h.post(`/v1/elections/${id}/roll/applications`, { voterId: 'newcomer', kind: 'resident', on: '2026-05-01' }, token);
  expect(applied.statusCode).toBe(200);
  expect(await eligible()).toBe(3); // applied, not yet admitted
  const decision = { on: '2026-05-10', admitted: true, reason: '村民代表会议 2026-05-10 表决同意' };
  expect((await h.post(`/v1/elections/${id}/roll/applications/${(applied.json() as { id: string }).id}/decision`, decision, token)).statusCode).toBe(200);
  expect((await h.post(`/v1/elections/${id}/roll/publish`, { on: '2026-05-20' }, token)).statusCode).toBe(200);
  const entries = ((await h.get(`/v1/elections/${id}/roll`, token)).json() as { entries: { voterId: string; basis: string }[] }).entries;
  expect(entries.map((e) => [e.voterId, e.basis]).sort()).toEqual([
    ['away', 'registered-away'],
    ['home', 'registered-living'],
    ['newcomer', 'resident-admitted'],
    ['served', 'registered-living'],
  ]);
});

test('an away voter who objects to being left off is put on when the objection is upheld: the objection is their request (Art 13 (2), Art 14)', async () => {
  const raised = await h.post(`/v1/elections/${id}/roll/objections`, { kind: 'omitted', subjectId: 'late', on: '2026-05-22', grounds: '外出务工，本人表示参加选举' }, token);
  expect(raised.statusCode).toBe(200);
  const decided = await h.post(`/v1/elections/${id}/roll/objections/${(raised.json() as { id: string }).id}/decision`, { on: '2026-05-23', upheld: true, reason: '符合第十三条第二项' }, token);
  expect(decided.statusCode).toBe(200);
  const entries = ((await h.get(`/v1/elections/${id}/roll`, token)).json() as { entries: { voterId: string; basis: string }[] }).entries;
  expect(entries.find((e) => e.voterId === 'late')).toMatchObject({ basis: 'registered-away' });
});
