// Bad input is a 4xx problem+json naming the field and the rule, never a 5xx.
import { joinMember, startHarness, type Harness } from './harness';

let h: Harness;
let operator: string;
let memberId: string;

beforeAll(async () => {
  h = await startHarness();
  operator = await h.token('consortium-operator', ['t1']);
  memberId = await joinMember(h, operator, 't1');
});
afterAll(() => h.close());

const problem = (r: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) => {
  expect(r.headers['content-type']).toContain('application/problem+json');
  return r.json() as { status: number; errors: { field: string; rule: string }[] };
};

test('a period that ends before it starts names the field and the rule', async () => {
  const r = await h.get('/v1/regions/t1/rates?from=2025-12-31&to=2025-01-01', operator);
  expect(r.statusCode).toBe(400);
  expect(problem(r).errors).toEqual([expect.objectContaining({ field: 'query.to', rule: 'period-reversed' })]);
});

test('an unknown query parameter is refused', async () => {
  const r = await h.get('/v1/regions/t1/rates?from=2025-01-01&to=2025-12-31&asOf=2025-06-01', operator);
  expect(r.statusCode).toBe(400);
  expect(problem(r).errors).toEqual([expect.objectContaining({ field: 'query.asOf', rule: 'unknown-parameter' })]);
});

test('a missing period is refused naming both fields', async () => {
  const r = await h.get('/v1/regions/t1/rates', operator);
  expect(r.statusCode).toBe(400);
  expect(problem(r).errors.map((e) => e.field).sort()).toEqual(['query.from', 'query.to']);
});

test('an unknown rate in the path is refused', async () => {
  const r = await h.get('/v1/regions/t1/rates/happiness/households?from=2025-01-01&to=2025-12-31', operator);
  expect(r.statusCode).toBe(400);
  expect(problem(r).errors[0]).toMatchObject({ field: 'params.rate' });
});

test('a project whose rule is malformed names the rule’s field', async () => {
  const body = { memberId, title: '助浴', category: 'bathing', rule: { subject: 'pet', programs: [], regionIds: ['t1'] }, capacity: 1, from: '2025-01-01', until: '2025-12-31', on: '2025-01-01' };
  const r = await h.post('/v1/projects', body, operator);
  expect(r.statusCode).toBe(400);
  expect(problem(r).errors[0]).toMatchObject({ field: 'rule.subject' });
});

test('a project for a member that has not joined is refused by rule', async () => {
  const body = { memberId: 'nobody', title: '助浴', category: 'bathing', rule: { subject: 'person', programs: [], regionIds: ['t1'] }, capacity: 1, from: '2025-01-01', until: '2025-12-31', on: '2025-01-01' };
  const r = await h.post('/v1/projects', body, operator);
  expect(r.statusCode).toBe(422);
  expect(problem(r).errors[0]).toMatchObject({ field: 'memberId', rule: 'no-member' });
});

test('a period that runs backwards is refused by rule naming until', async () => {
  const body = { memberId, title: '助浴', category: 'bathing', rule: { subject: 'person', programs: [], regionIds: ['t1'] }, capacity: 1, from: '2025-12-31', until: '2025-01-01', on: '2025-01-01' };
  const r = await h.post('/v1/projects', body, operator);
  expect(r.statusCode).toBe(422);
  expect(problem(r).errors[0]).toMatchObject({ field: 'until', rule: 'period-reversed' });
});

test('joining the same member twice with the same idempotency key is one member', async () => {
  const body = { name: '区慈善总会', kind: 'social-organisation', level: 'county', regionId: 't1', on: '2025-01-01' };
  const first = await h.post('/v1/members', body, operator, { 'idempotency-key': 'join-1' });
  const again = await h.post('/v1/members', body, operator, { 'idempotency-key': 'join-1' });
  expect(first.statusCode).toBe(201);
  expect((again.json() as { id: string }).id).toBe((first.json() as { id: string }).id);
});
