// Every route: 401 without a token, and 404 for a resource outside the caller's scope, read from the checked-in
// OpenAPI document so a new route cannot be left out.
import { readFileSync } from 'node:fs';
import { OPENAPI_FILE } from '../../src/tools/write-openapi';
import { bathingRule, grantExtremePoverty, registerHousehold } from './grid-records-events';
import { joinMember, publishProject, startHarness, type Harness } from './harness';

const paths = Object.entries(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')).paths as Record<string, Record<string, unknown>>)
  .filter(([path]) => path.startsWith('/v1/'))
  .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));

const on = '2025-03-01';
/** A body each write accepts as input, so the answer is about scope, not validation. */
const BODIES: Record<string, unknown> = {
  '/v1/members': { name: '某社会组织', kind: 'social-organisation', level: 'village', regionId: 'v1', on },
  'status-changes': { to: 'suspended', on, reason: '整改' },
  'benefit-lists': { householdId: 'h1', programs: ['extreme-poverty'], projectIds: [], on },
  '/v1/projects': { memberId: 'm', title: '助浴', category: 'bathing', rule: bathingRule, capacity: 1, from: on, until: on, on },
  enrolments: { householdId: 'h1', personId: 'p-elder', consent: { givenBy: 'self', on, documentRef: 'TY' }, on },
  services: { personId: 'p-elder', memberId: 'm', servedOn: on, personTimes: 1, costFen: 0, on },
  withdrawal: { on },
  '/v1/joint-cases': { householdId: 'h1', regionId: 'v1', need: 'medical', on },
  steps: { memberId: 'm', task: '医保报销', dueOn: on, on },
  completion: { memberId: 'm', on },
};
const bodyFor = (path: string) => Object.entries(BODIES).find(([suffix]) => path.endsWith(suffix))?.[1] ?? {};

let h: Harness;
const ids: Record<string, string> = { regionId: 't1', rate: 'visit-care', stepId: 's1' };
const url = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? name) + (path.includes('/rates') ? '?from=2025-01-01&to=2025-12-31' : '');
const call = (method: string, path: string, token?: string) => (method === 'GET' ? h.get(url(path), token) : h.post(url(path), bodyFor(path), token));

beforeAll(async () => {
  h = await startHarness();
  const operator = await h.token('consortium-operator', ['t1']);
  ids.memberId = await joinMember(h, operator, 't1');
  const member = await h.token('consortium-member', ['t1'], ids.memberId);
  await registerHousehold(h.infra.store, 'h1', 'g1', [['p-elder', '1940-03-15']]);
  await grantExtremePoverty(h.infra.store, 'h1', 'p-elder', 'case-tk', '2025-01-01');
  await h.service.caughtUp();
  ids.projectId = await publishProject(h, member, ids.memberId, bathingRule);
  ids.enrolmentId = ((await h.post(`/v1/projects/${ids.projectId}/enrolments`, BODIES.enrolments, member)).json() as { enrolmentId: string }).enrolmentId;
  ids.caseId = ((await h.post('/v1/joint-cases', BODIES['/v1/joint-cases'], operator)).json() as { id: string }).id;
});
afterAll(() => h.close());

test('the service has the issue’s routes', () => {
  const all = paths.map((p) => p.path);
  for (const route of ['/v1/members', '/v1/projects', '/v1/projects/{projectId}/eligible', '/v1/projects/{projectId}/enrolments', '/v1/enrolments/{enrolmentId}/services', '/v1/joint-cases', '/v1/joint-cases/{caseId}/steps', '/v1/regions/{regionId}/rates', '/v1/regions/{regionId}/rates/{rate}/households']) {
    expect(all).toContain(route);
  }
});

test.each(paths)('$method $path is 401 without a token', async ({ method, path }) => {
  expect((await call(method, path)).statusCode).toBe(401);
});

test.each(paths.filter((p) => /\{(memberId|projectId|enrolmentId|caseId|regionId)\}/.test(p.path)))('$method $path is 404 outside the caller’s scope', async ({ method, path }) => {
  const other = await h.token('consortium-operator', ['t2']);
  const r = await call(method, path, other);
  expect(r.statusCode).toBe(404);
  expect(r.headers['content-type']).toContain('application/problem+json');
});

test('an official of the township reads, an official of another township sees nothing', async () => {
  const inScope = await h.token('street-official', ['t1']);
  const outside = await h.token('street-official', ['t2']);
  expect((await h.get(`/v1/projects/${ids.projectId}/enrolments`, inScope)).json()).toMatchObject({ enrolments: [{ householdId: 'h1' }] });
  expect((await h.get('/v1/projects', outside)).json()).toEqual({ projects: [] });
  expect((await h.post('/v1/projects', BODIES['/v1/projects'], inScope)).statusCode).toBe(403);
});

test.each(paths.filter((p) => p.method === 'POST'))('$method $path answers an empty body with 400 problem+json naming a field and a rule', async ({ path }) => {
  const operator = await h.token('consortium-operator', ['t1']);
  const r = await h.post(url(path), {}, operator);
  expect(r.statusCode).toBe(400);
  expect(r.headers['content-type']).toContain('application/problem+json');
  const { errors } = r.json() as { errors: { field: string; rule: string }[] };
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) expect(e.field && e.rule).toBeTruthy();
});

test.each(paths.filter((p) => p.method === 'GET' && /rates|eligible/.test(p.path)))('$method $path answers a malformed day with 400 naming the query field', async ({ path }) => {
  const operator = await h.token('consortium-operator', ['t1']);
  const bad = path.includes('rates') ? '?from=2025-13-01&to=2025-12-31' : '?on=yesterday';
  const r = await h.get(path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? name) + bad, operator);
  expect(r.statusCode).toBe(400);
  expect((r.json() as { errors: { field: string }[] }).errors[0]!.field).toMatch(/^query\./);
});
