// The service's part of the loop over HTTP: grid-records' facts make a household eligible, a charity allocation
// funds the project, services are recorded, and a death recorded late ends the enrolment at the date of death.
import { allocateToProject, bathingRule, grantExtremePoverty, recordDeath, registerHousehold } from './grid-records-events';
import { joinMember, publishProject, startHarness, type Harness } from './harness';

let h: Harness;
let operator: string;
let member: string;
let memberId: string;
let projectId: string;
let enrolmentId: string;

const settle = async () => {
  await h.service.caughtUp();
  await h.service.caughtUp();
};
const service = (servedOn: string, over: Record<string, unknown> = {}) => ({ personId: 'p-elder', memberId, servedOn, personTimes: 1, costFen: 5_000, on: servedOn, ...over });

beforeAll(async () => {
  h = await startHarness();
  operator = await h.token('consortium-operator', ['t1']);
  memberId = await joinMember(h, operator, 't1');
  member = await h.token('consortium-member', ['t1'], memberId);
  await registerHousehold(h.infra.store, 'h1', 'g1', [['p-son', '1970-05-01'], ['p-elder', '1940-03-15']]);
  await registerHousehold(h.infra.store, 'h2', 'g1', [['p-young', '1990-01-01']]);
  await grantExtremePoverty(h.infra.store, 'h1', 'p-elder', 'case-tk', '2025-01-01');
  await settle();
  projectId = await publishProject(h, member, memberId, bathingRule);
});
afterAll(() => h.close());

test('a 特困 失能 elder of the township is eligible; a young household is not', async () => {
  const r = await h.get(`/v1/projects/${projectId}/eligible?on=2025-03-01`, member);
  expect(r.statusCode).toBe(200);
  expect(r.json()).toMatchObject({ count: 1, households: [{ householdId: 'h1', subjects: [{ personId: 'p-elder', basis: ['case-tk'] }] }] });
});

test('enrolling a person the rule does not admit is refused, naming the clause', async () => {
  const r = await h.post(`/v1/projects/${projectId}/enrolments`, { householdId: 'h2', personId: 'p-young', consent: { givenBy: 'self', on: '2025-03-01', documentRef: 'TY-2' }, on: '2025-03-01' }, member);
  expect(r.statusCode).toBe(422);
  expect(r.json()).toMatchObject({ errors: [{ rule: 'not-eligible' }] });
});

test('the eligible elder is enrolled with consent; enrolling again is a conflict', async () => {
  const body = { householdId: 'h1', personId: 'p-elder', consent: { givenBy: 'guardian', on: '2025-03-01', documentRef: 'TY-1' }, on: '2025-03-01' };
  const r = await h.post(`/v1/projects/${projectId}/enrolments`, body, member);
  expect(r.statusCode).toBe(201);
  enrolmentId = (r.json() as { enrolmentId: string }).enrolmentId;
  const again = await h.post(`/v1/projects/${projectId}/enrolments`, body, member);
  expect(again.statusCode).toBe(409);
  expect(again.json()).toMatchObject({ errors: [{ rule: 'already-enrolled' }] });
});

test('a service before any budget is refused as over budget; a charity allocation credits the budget once', async () => {
  expect((await h.post(`/v1/enrolments/${enrolmentId}/services`, service('2025-03-10'), member)).json()).toMatchObject({ errors: [{ rule: 'over-budget', field: 'costFen' }] });
  await allocateToProject(h.infra.store, 'f1', 'alloc-1', projectId, 100_000, '2025-03-05');
  await settle();
  expect((await h.get(`/v1/projects/${projectId}`, member)).json()).toMatchObject({ creditedFen: 100_000, allocations: ['alloc-1'] });
});

test('services are recorded by the member; a member cannot record as another member', async () => {
  for (const day of ['2025-04-10', '2025-05-10', '2025-06-10']) expect((await h.post(`/v1/enrolments/${enrolmentId}/services`, service(day), member)).statusCode).toBe(201);
  const other = await h.post(`/v1/enrolments/${enrolmentId}/services`, service('2025-06-11', { memberId: 'someone-else' }), member);
  expect(other.statusCode).toBe(403);
  expect(other.json()).toMatchObject({ errors: [{ field: 'memberId', rule: 'acts-as-itself' }] });
});

test('a death recorded two months late ends the enrolment at the date of death, flags later services and refuses new ones', async () => {
  await recordDeath(h.infra.store, 'h1', 'p-elder', '2025-05-01');
  await settle();
  const services = (await h.get(`/v1/enrolments/${enrolmentId}/services`, member)).json() as { end: { endedOn: string; cause: string; causeEventId: string }; services: { servedOn: string; flagged: unknown }[] };
  expect(services.end).toMatchObject({ endedOn: '2025-05-01', cause: 'died' });
  expect(services.services.map((s) => [s.servedOn, s.flagged !== null])).toEqual([
    ['2025-04-10', false],
    ['2025-05-10', true],
    ['2025-06-10', true],
  ]);
  const refused = await h.post(`/v1/enrolments/${enrolmentId}/services`, service('2025-07-01'), member);
  expect(refused.statusCode).toBe(422);
  expect(refused.json()).toMatchObject({ errors: [{ rule: 'person-died', field: 'servedOn' }] });
  expect((refused.json() as { detail: string }).detail).toContain(services.end.causeEventId);
});
