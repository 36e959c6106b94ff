// GET /v1/audit/elections/{id}?validAt=&knownAt=: an election as of a date, for auditors in its region.
import type { ServiceHarness } from '@grid/platform/service';
import type { ElectionsServices } from '../../src/composition';
import { startElections } from './grid-records-events';
import { appendRegions, electionCall } from './regions';

let h: ServiceHarness<ElectionsServices>;
let electionId: string;
let auditor: string;
beforeAll(async () => {
  h = await startElections();
  await appendRegions(h.infra.store);
  await h.service.caughtUp();
  const committee = await h.token('election-committee', ['c1']);
  electionId = (await h.post('/v1/elections', electionCall('c1'), committee)).json().id;
  expect((await h.post(`/v1/elections/${electionId}/audit`, { on: '2026-04-10', auditor: '街道经管站', reportRef: 'SJ-2026-01' }, committee)).statusCode).toBe(200);
  auditor = await h.token('auditor', ['s1'], 'auditor-qian');
});
afterAll(() => h.close());

describe('GET /v1/audit/elections/{id}', () => {
  it('valid the day it was called, not yet audited; valid after the audit, audited on its day', async () => {
    const called = await h.get(`/v1/audit/elections/${electionId}?validAt=2026-04-01`, auditor);
    expect(called.statusCode).toBe(200);
    expect(called.json()).toMatchObject({ aggregate: 'elections', state: { electionId, regionId: 'c1', auditedOn: null, roll: { size: 0 } }, learnedLater: [] });
    const audited = (await h.get(`/v1/audit/elections/${electionId}?validAt=2026-04-10`, auditor)).json();
    expect(audited.state.auditedOn).toBe('2026-04-10');
    expect(audited.explainedBy.map((e: { type: string }) => e.type)).toEqual(['elections.election.created', 'elections.election.audit-recorded']);
  });

  it('is for auditors in the election’s region: 401 without a token, 403 for the committee, 404 for another street’s auditor', async () => {
    expect((await h.get(`/v1/audit/elections/${electionId}`)).statusCode).toBe(401);
    expect((await h.get(`/v1/audit/elections/${electionId}`, await h.token('election-committee', ['c1']))).statusCode).toBe(403);
    expect((await h.get(`/v1/audit/elections/${electionId}`, await h.token('auditor', ['s2']))).statusCode).toBe(404);
  });

  it('a date that is not one is 400 problem+json naming the field', async () => {
    const res = await h.get(`/v1/audit/elections/${electionId}?knownAt=yesterday`, auditor);
    expect([res.statusCode, res.headers['content-type']]).toEqual([400, expect.stringContaining('application/problem+json')]);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'query.knownAt' })]);
  });
});
