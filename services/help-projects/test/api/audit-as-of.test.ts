// GET /v1/audit/projects/{id}?validAt=&knownAt=: a project as of a date, its enrolment's end explained by the
// grid-records death that caused it (causation followed through the store), and the request's refusals.
import { allocateToProject, bathingRule, grantExtremePoverty, recordDeath, registerHousehold } from './grid-records-events';
import { joinMember, publishProject, startHarness, type Harness } from './harness';

let h: Harness;
let auditor: string;
let projectId: string;
let deathRecordedAt: string;

type Entry = { type: string; streamId: string; eventId: string; causedBy: { type: string; streamId: string; eventId: string }[] };
type Answer = { state: { enrolments: Record<string, { end: { endedOn: string; cause: string } | null }> }; explainedBy: Entry[]; learnedLater: Entry[]; disclosure: string };

beforeAll(async () => {
  h = await startHarness();
  const operator = await h.token('consortium-operator', ['t1']);
  const memberId = await joinMember(h, operator, 't1');
  const member = await h.token('consortium-member', ['t1'], memberId);
  await registerHousehold(h.infra.store, 'h1', 'g1', [['p-elder', '1940-03-15']]);
  await grantExtremePoverty(h.infra.store, 'h1', 'p-elder', 'case-tk', '2025-01-01');
  await h.service.caughtUp();
  projectId = await publishProject(h, member, memberId, bathingRule);
  const enrolled = await h.post(`/v1/projects/${projectId}/enrolments`, { householdId: 'h1', personId: 'p-elder', consent: { givenBy: 'guardian', on: '2025-03-01', documentRef: 'TY-1' }, on: '2025-03-01' }, member);
  expect(enrolled.statusCode).toBe(201);
  await allocateToProject(h.infra.store, 'f1', 'alloc-1', projectId, 100_000, '2025-03-05');
  await h.service.caughtUp();
  await new Promise((r) => setTimeout(r, 5)); // the death is recorded strictly after everything before it
  deathRecordedAt = (await recordDeath(h.infra.store, 'h1', 'p-elder', '2025-05-01')).events[0]!.recordedAt;
  await h.service.caughtUp();
  await h.service.caughtUp();
  auditor = await h.token('auditor', ['t1'], 'auditor-wang');
});
afterAll(() => h.close());

describe('GET /v1/audit/projects/{id}', () => {
  it('as known before the death was recorded, the enrolment runs; its end is learned later, caused by grid-records’ death event', async () => {
    const knownAt = new Date(Date.parse(deathRecordedAt) - 1).toISOString();
    const res = await h.get(`/v1/audit/projects/${projectId}?validAt=2025-06-30&knownAt=${knownAt}`, auditor);
    expect(res.statusCode).toBe(200);
    const body = res.json() as Answer;
    expect(Object.values(body.state.enrolments).map((e) => e.end)).toEqual([null]);
    const ended = body.learnedLater.find((e) => e.type === 'help-projects.project.enrolment-ended')!;
    expect(ended.causedBy).toMatchObject([{ type: 'grid-records.resident.died', streamId: 'household-h1' }]);
    expect(body.explainedBy.map((e) => e.type)).not.toContain('help-projects.project.enrolment-ended');
  });

  it('as known now, the enrolment ended on the day of death, the end explained by the death', async () => {
    const body = (await h.get(`/v1/audit/projects/${projectId}?validAt=2025-06-30`, auditor)).json() as Answer;
    expect(Object.values(body.state.enrolments).map((e) => e.end)).toMatchObject([{ endedOn: '2025-05-01', cause: 'died' }]);
    const ended = body.explainedBy.find((e) => e.type === 'help-projects.project.enrolment-ended')!;
    expect(ended.causedBy.map((c) => c.type)).toEqual(['grid-records.resident.died']);
    expect(body.disclosure).toBe('masked');
  });

  it('valid at a day before the project was published, there is no state and nothing explains one', async () => {
    const body = (await h.get(`/v1/audit/projects/${projectId}?validAt=2024-12-31`, auditor)).json() as Answer;
    expect(body).toMatchObject({ state: null, explainedBy: [] });
  });

  it('each question is recorded on the service’s audit stream with ids and dates only', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const recorded = (await h.infra.store.readStream(`auditlog-help-projects-${day}`)).map((e) => e.data);
    expect(recorded).toContainEqual(
      expect.objectContaining({ service: 'help-projects', query: 'as-of', subject: { aggregate: 'projects', id: projectId }, parameters: expect.objectContaining({ validAt: '2025-06-30' }), by: { id: 'auditor-wang', role: 'auditor' } }),
    );
  });

  it('without a token is 401, for a consortium member 403, outside the auditor’s regions or unknown 404', async () => {
    expect((await h.get(`/v1/audit/projects/${projectId}`)).statusCode).toBe(401);
    const member = await h.token('consortium-operator', ['t1']);
    expect((await h.get(`/v1/audit/projects/${projectId}`, member)).statusCode).toBe(403);
    const elsewhere = await h.token('auditor', ['t2']);
    const outside = await h.get(`/v1/audit/projects/${projectId}`, elsewhere);
    expect([outside.statusCode, outside.headers['content-type']]).toEqual([404, expect.stringContaining('application/problem+json')]);
    expect((await h.get('/v1/audit/projects/no-such-project', auditor)).statusCode).toBe(404);
  });

  it.each([
    ['validAt=31.12.2024', 'query.validAt', 'invalid_format'],
    ['validAt=0202-01-01', 'query.validAt', 'implausible-date'],
    ['knownAt=2025-13-01', 'query.knownAt', 'invalid_union'],
    ['asOf=2025-01-01', 'query.asOf', 'unknown-parameter'],
  ])('?%s is 400 problem+json naming %s (%s)', async (query, field, rule) => {
    const res = await h.get(`/v1/audit/projects/${projectId}?${query}`, auditor);
    expect([res.statusCode, res.headers['content-type']]).toEqual([400, expect.stringContaining('application/problem+json')]);
    expect(res.json()).toMatchObject({ errors: [{ field, rule }] });
  });
});
