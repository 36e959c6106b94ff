// The loop across the four services, through the bus only (the embedded default: one store every service reads),
// over HTTP on the port `npm start` serves: 特困 granted in grid-records → the household is eligible in help-projects
// → a charity allocation funds the project → a service is delivered → grid-records' aid history shows it → the
// person's death is recorded two months late → the enrolment ends at the date of death, later services are flagged,
// new ones refused, and the rates move.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chinaToday, loadConfig, openInfrastructure, type Config, type Infrastructure } from '@grid/platform';
import { addDays } from '@grid/platform/decider';
import { signEmbeddedToken } from '@grid/platform/http';
import { mountServices, type MountedServices } from '@grid/platform/service';
import { checkCharacter } from '@grid/grid-records';
import { SERVICES } from '../src/services';

let dir: string;
let config: Config;
let infra: Infrastructure;
let mounted: MountedServices;

const today = chinaToday();
const day = (offset: number) => addDays(today, offset);
/** 特困 takes effect on the 1st of the month after its approval (grid-records' rule grant-start). */
const nextMonthOf = (date: string) => {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};
const idNumber = (first17: string) => `${first17}${checkCharacter(first17)}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, read by path in the assertions
type Json = any;
type Answer = { status: number; body: Json };
async function call(method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${mounted.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: await res.json() };
}
const post = async (path: string, token: string, body: unknown): Promise<Json> => {
  const r = await call('POST', path, token, body);
  if (r.status >= 300) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};
const get = async (path: string, token: string) => (await call('GET', path, token)).body;
const token = (role: string, scope: string[], sub: string) => signEmbeddedToken(config, { sub, role, scope, ttl: '10m' });
/** Every service has applied everything written so far, including what its reactions wrote in turn. */
const settle = async () => {
  for (let i = 0; i < 3; i++) for (const s of mounted.services) await s.caughtUp();
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'four-services-'));
  config = loadConfig({ DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'OFF', HOST: '127.0.0.1', PORT: '0', READ_SIDE: 'inline', LOG_LEVEL: 'warn', HTTP_RATE_LIMIT_PER_MINUTE: '1000000' });
  infra = await openInfrastructure(config);
  mounted = await mountServices(SERVICES, infra, { config, port: 0 });
}, 60_000);
afterAll(async () => {
  await mounted?.close();
  await infra?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('特困 granted → eligible → funded by charity → served → in the aid history → a late-recorded death ends it and the rates move', async () => {
  // grid-records: the district, a grid, its worker on the roster, an elder living alone.
  const admin = await token('district-official', ['*'], 'city-admin');
  const region = async (parentId: string | null, level: string, name: string) => (await post('/v1/regions', admin, { parentId, level, name, on: '2020-01-01' })).id as string;
  const d = await region(null, 'district', '测试区');
  const s = await region(d, 'street', '测试街道');
  const c = await region(s, 'community', '测试村');
  const g = await region(c, 'grid', '测试网格');
  await post(`/v1/grids/${g}/workers`, admin, { workerId: 'worker-li', from: '2020-01-01' });
  const worker = await token('grid-worker', [g], 'worker-li');
  const street = await token('street-official', [d], 'street-wang');
  const district = await token('district-official', [d], 'district-chen');
  const householdId = (await post('/v1/households', worker, { gridId: g, address: '测试村1号', registration: 'rural', members: [{ relation: 'head', name: '吴桂兰', idNumber: idNumber('43110319400909008') }], on: '2020-01-10' })).id as string;
  const elder = ((await get(`/v1/households/${householdId}`, worker)).members as { personId: string }[])[0]!.personId;

  // 特困 (失能, dispersed) through every step grid-records' program has.
  const caseId = (await post(`/v1/households/${householdId}/assistance`, worker, { program: 'extreme-poverty', personId: elder, mode: 'dispersed', careLevel: 'disabled', caregiverAgreement: { agreementId: 'zh-1', caregiverName: '李照护', signedOn: day(-241) }, appliedOn: day(-240) })).id as string;
  await post(`/v1/assistance/${caseId}/steps`, worker, { step: 'home-check', effectiveDate: day(-236), findings: ['verified'] });
  await post(`/v1/assistance/${caseId}/steps`, street, { step: 'review', effectiveDate: day(-232), recommended: true });
  await post(`/v1/assistance/${caseId}/steps`, street, { step: 'notice', effectiveDate: day(-231), days: 7 });
  await post(`/v1/assistance/${caseId}/steps`, district, { step: 'approve', effectiveDate: nextMonthOf(day(-205)), decidedOn: day(-205) });
  await settle();

  // help-projects: a member publishes 助浴; the elder is eligible, from grid-records' events alone.
  const operator = await token('consortium-operator', [d], 'operator-zhou');
  const memberId = (await post('/v1/members', operator, { name: '区残疾人联合会', kind: 'department', level: 'county', regionId: d, on: day(-190) })).id as string;
  const member = await token('consortium-member', [d], memberId);
  const rule = { subject: 'person', programs: ['extreme-poverty'], careLevels: ['disabled', 'semi-disabled'], minAge: 60, regionIds: [d] };
  const projectId = (await post('/v1/projects', member, { memberId, title: '失能老人免费助浴', category: 'bathing', rule, capacity: 10, from: day(-180), until: day(180), on: day(-180) })).id as string;
  const eligible = await get(`/v1/projects/${projectId}/eligible?on=${day(-150)}`, member);
  expect(eligible).toMatchObject({ count: 1, households: [{ householdId, subjects: [{ personId: elder, basis: [caseId] }] }] });
  const enrolmentId = (await post(`/v1/projects/${projectId}/enrolments`, member, { householdId, personId: elder, consent: { givenBy: 'self', on: day(-150), documentRef: '知情同意书-1' }, on: day(-150) })).enrolmentId as string;

  // charity: the 区慈善总会's fund receives a donation and allocates part of it to the project, which credits its budget.
  const org = (await post('/v1/organisations', district, { name: '测试区慈善总会', form: 'social-organisation', creditCode: '51431103MJJ000000A', regionId: d, registeredOn: '2010-05-01', on: day(-200) })).id as string;
  await post(`/v1/organisations/${org}/qualification`, district, { certificateRef: '湘民募字2017-001', validFrom: '2017-01-01', on: day(-200) });
  const staff = await token('charity-staff', [org], 'staff-li');
  const fundId = (await post('/v1/funds', staff, { organisationId: org, name: '慈善总会基金', on: day(-200) })).id as string;
  const campaignId = (await post('/v1/campaigns', staff, { organisationId: org, name: '慈善一日捐', kind: 'one-day-donation', public: true, from: day(-200), to: day(100), targetFen: null, purpose: 'poverty-relief', fundId, on: day(-200) })).id as string;
  await post(`/v1/campaigns/${campaignId}/donations`, staff, { donor: { kind: 'anonymous' }, gift: { kind: 'money', amountFen: 1_000_000, channel: 'bank-transfer' }, on: day(-140) });
  await settle();
  await post(`/v1/funds/${fundId}/allocations`, staff, { recipient: { kind: 'project', projectId }, regionId: d, purpose: 'elderly-care', amountFen: 200_000, on: day(-130) });
  await settle();
  expect(await get(`/v1/projects/${projectId}`, member)).toMatchObject({ creditedFen: 200_000 });

  // Services delivered; grid-records' aid history of the household shows them.
  const serve = (servedOn: string) => call('POST', `/v1/enrolments/${enrolmentId}/services`, member, { personId: elder, memberId, servedOn, personTimes: 1, costFen: 8_000, on: servedOn });
  for (const servedOn of [day(-90), day(-45), day(-15)]) expect((await serve(servedOn)).status).toBe(201);
  await settle();
  const aid = await get(`/v1/households/${householdId}/aid-history`, district);
  expect((aid.items as { kind: string; projectId?: string; memberId?: string; on: string }[]).filter((e) => e.kind === 'help-project-service').map((e) => [e.on, e.projectId, e.memberId])).toEqual([
    [day(-15), projectId, memberId],
    [day(-45), projectId, memberId],
    [day(-90), projectId, memberId],
  ]);
  const ratesBefore = await get(`/v1/regions/${d}/rates/benefit-list/households?from=${day(-60)}&to=${today}`, operator);
  expect(ratesBefore.households.denominator).toEqual([householdId]);

  // The death, recorded today, happened two months ago.
  await post(`/v1/residents/${elder}/death`, worker, { diedOn: day(-60), evidence: 'cremation-record' });
  await settle();
  const services = await get(`/v1/enrolments/${enrolmentId}/services`, member);
  expect(services.end).toMatchObject({ endedOn: day(-60), cause: 'died' });
  expect((services.services as { servedOn: string; flagged: { rule: string } | null }[]).map((x) => [x.servedOn, x.flagged?.rule ?? null])).toEqual([
    [day(-90), null],
    [day(-45), 'served-after-death'],
    [day(-15), 'served-after-death'],
  ]);
  const refused = await serve(day(-1));
  expect(refused.status).toBe(422);
  expect(refused.body.errors[0]).toMatchObject({ rule: 'person-died', field: 'servedOn' });
  expect(refused.body.detail).toContain(services.end.causeEventId);

  // The rates move: after the death the household has no status in force, so it leaves the benefit-list denominator.
  const ratesAfter = await get(`/v1/regions/${d}/rates/benefit-list/households?from=${day(-30)}&to=${today}`, operator);
  expect(ratesAfter.households.denominator).toEqual([]);
}, 120_000);
