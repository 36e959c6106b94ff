// The election's call and audit over HTTP: the committee runs elections of its community, officials oversee
// in their scope, auditors read; everything else is 401, 403 or 404 as if the election did not exist.
import type { ServiceHarness } from '@grid/platform/service';
import type { ElectionsServices } from '../../src/composition';
import { startElections } from './grid-records-events';
import { appendRegions, electionCall } from './regions';

let h: ServiceHarness<ElectionsServices>;
let committee: string;
let electionId: string;

beforeAll(async () => {
  h = await startElections();
  await appendRegions(h.infra.store);
  await h.service.caughtUp();
  committee = await h.token('election-committee', ['c1']);
  const called = await h.post('/v1/elections', electionCall('c1'), committee);
  expect(called.statusCode).toBe(201);
  electionId = (called.json() as { id: string }).id;
});
afterAll(() => h.close());

test('the committee calls an election of its community and reads it back', async () => {
  const read = await h.get(`/v1/elections/${electionId}`, committee);
  expect(read.statusCode).toBe(200);
  expect(read.json()).toMatchObject({ electionId, regionId: 'c1', kind: 'residents-committee', term: 10, votingDay: '2026-06-20', auditedOn: null });
});

test('the audit is recorded on the election', async () => {
  const audited = await h.post(`/v1/elections/${electionId}/audit`, { on: '2026-04-10', auditor: '街道经管站', reportRef: 'SJ-2026-01' }, committee);
  expect(audited.statusCode).toBe(200);
  expect((await h.get(`/v1/elections/${electionId}`, committee)).json()).toMatchObject({ auditedOn: '2026-04-10' });
});

test('the street official oversees and the auditor reads; the committee of another community sees nothing', async () => {
  const street = await h.token('street-official', ['s1']);
  const auditor = await h.token('auditor', ['*']);
  const otherCommittee = await h.token('election-committee', ['c2']);
  expect((await h.get(`/v1/elections/${electionId}`, street)).statusCode).toBe(200);
  expect((await h.get(`/v1/elections/${electionId}`, auditor)).statusCode).toBe(200);
  expect((await h.get(`/v1/elections/${electionId}`, otherCommittee)).statusCode).toBe(404);
  expect((await h.post(`/v1/elections/${electionId}/audit`, { on: '2026-04-10', auditor: 'x', reportRef: 'y' }, otherCommittee)).statusCode).toBe(404);
  expect((await h.post('/v1/elections', electionCall('c3'), committee)).statusCode).toBe(404);
});

test('without a token every route is 401; an auditor cannot write (403)', async () => {
  expect((await h.get(`/v1/elections/${electionId}`)).statusCode).toBe(401);
  expect((await h.post('/v1/elections', electionCall('c1'))).statusCode).toBe(401);
  const auditor = await h.token('auditor', ['*']);
  expect((await h.post('/v1/elections', electionCall('c1'), auditor)).statusCode).toBe(403);
});

test('bad input is a problem+json 400 naming the field', async () => {
  const bad = await h.post('/v1/elections', { ...electionCall('c1'), votingDay: '20 June' }, committee);
  expect(bad.statusCode).toBe(400);
  expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(bad.json().errors[0]).toMatchObject({ field: 'votingDay' });
});

test('a rule the domain refuses is a 4xx naming the rule: the roll is not published before the audit', async () => {
  const called = await h.post('/v1/elections', electionCall('c1'), committee);
  const id = (called.json() as { id: string }).id;
  const early = await h.post(`/v1/elections/${id}/roll/publish`, { on: '2026-05-01' }, committee);
  expect(early.statusCode).toBeGreaterThanOrEqual(400);
  expect(early.statusCode).toBeLessThan(500);
  expect(JSON.stringify(early.json())).toContain('audit-required');
});

test('the committee’s members are appointed on the election', async () => {
  const appointed = await h.post(`/v1/elections/${electionId}/committee`, { memberId: 'm1', role: 'chair', chosenBy: 'representatives', on: '2026-04-02' }, committee);
  expect(appointed.statusCode).toBe(200);
  expect((await h.get(`/v1/elections/${electionId}`, committee)).json()).toMatchObject({ committee: ['m1'] });
});
