// Issue 11 across processes: grid-records, charity, help-projects and elections each their own OS process with its own SQLite
// event store, the only link between them real Kafka (and the vault's keys in the shared MongoDB-protocol database):
//
//   test ──HTTP──▶ grid-records ──▶ Kafka household, assistance ──▶ help-projects (facts, eligibility, enrolments end)
//   test ──HTTP──▶ charity ──▶ Kafka charity.fund.allocated ──▶ help-projects (credit-budget)
//   test ──HTTP──▶ help-projects ──▶ Kafka service-recorded ──▶ grid-records (aid history)
//   grid-records ──▶ Kafka household ──▶ elections (the roll; the death flagged on the frozen roll)
//
// 特困 granted → eligible → funded by charity → served → in the aid history → a death recorded two months late ends
// the enrolment at the date of death, later services are flagged, new ones refused, and the rates move; the same
// death flags the elder on elections' frozen roll.
import { chinaToday } from '@grid/platform';
import { addDays } from '@grid/platform/decider';
import { createRegionTree, idNumber, must, token, type Answer } from './multi-process/http-client';
import { until } from './multi-process/processes';
import { ServiceRun } from './multi-process/service-run';

const brokers = process.env.KAFKA_BROKERS;
const mongoUrl = process.env.MONGODB_URL;
const run = new ServiceRun('help', brokers!, mongoUrl!);

const today = chinaToday();
const day = (offset: number) => addDays(today, offset);
/** 特困 takes effect on the 1st of the month after its approval (grid-records' rule grant-start). */
const nextMonthOf = (date: string) => {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

const charity = (method: 'GET' | 'POST', path: string, bearer: string, body?: unknown) => run.call('charity', method, path, bearer, body);
const elections = (method: 'GET' | 'POST', path: string, bearer: string, body?: unknown) => run.call('elections', method, path, bearer, body);
const help = (method: 'GET' | 'POST', path: string, bearer: string, body?: unknown) => run.call('help-projects', method, path, bearer, body);
function ok(answer: Answer, what: string) {
  if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

(brokers && mongoUrl ? describe : describe.skip)('grid-records, charity, help-projects and elections, each its own process on Kafka', () => {
  beforeAll(() => run.start(['grid-records', 'charity', 'help-projects', 'elections']), 180_000);

  afterAll(() => run.stop(), 30_000);

  test('特困 granted → eligible → funded by charity → served → in the aid history → a late-recorded death ends it and the rates move', async () => {
    // grid-records: the region tree, a grid worker on the roster, an elder living alone with 特困 (失能, dispersed).
    const admin = await token('district-official', ['*'], 'e2e-admin');
    const { district: d, community, g1 } = await createRegionTree(admin);
    await must('POST', `/v1/grids/${g1}/workers`, admin, { workerId: 'e2e-worker', from: '2020-01-01' }, 200);
    const worker = await token('grid-worker', [g1], 'e2e-worker');
    const street = await token('street-official', [d], 'e2e-street');
    const district = await token('district-official', [d], 'e2e-district');
    const member0 = { relation: 'head', name: '吴桂兰', idNumber: idNumber('43110319400909008') };
    const householdId = (await must('POST', '/v1/households', worker, { gridId: g1, address: '梅湾路1号', registration: 'urban', members: [member0], on: '2020-01-10' }, 201)).id as string;
    const elder = (await must('GET', `/v1/households/${householdId}`, worker, undefined, 200)).members[0].personId as string;
    const caseId = (await must('POST', `/v1/households/${householdId}/assistance`, worker, { program: 'extreme-poverty', personId: elder, mode: 'dispersed', careLevel: 'disabled', caregiverAgreement: { agreementId: 'zh-1', caregiverName: '李照护', signedOn: day(-241) }, appliedOn: day(-240) }, 201)).id as string;
    const step = (bearer: string, body: unknown) => must('POST', `/v1/assistance/${caseId}/steps`, bearer, body, 200);
    await step(worker, { step: 'home-check', effectiveDate: day(-236), findings: ['verified'] });
    await step(street, { step: 'review', effectiveDate: day(-232), recommended: true });
    await step(street, { step: 'notice', effectiveDate: day(-231), days: 7 });
    await step(district, { step: 'approve', effectiveDate: nextMonthOf(day(-205)), decidedOn: day(-205) });

    // help-projects: a member publishes 助浴 (404 until the district reached its region directory through Kafka).
    const operator = await token('consortium-operator', [d], 'e2e-operator');
    const memberBody = { name: '区残疾人联合会', kind: 'department', level: 'county', regionId: d, on: day(-190) };
    const memberId = (await until(() => help('POST', '/v1/members', operator, memberBody), (a) => a.status === 201, 'the district known to help-projects')).body.id as string;
    const member = await token('consortium-member', [d], memberId);
    const rule = { subject: 'person', programs: ['extreme-poverty'], careLevels: ['disabled', 'semi-disabled'], minAge: 60, regionIds: [d] };
    const projectId = ok(await help('POST', '/v1/projects', member, { memberId, title: '失能老人免费助浴', category: 'bathing', rule, capacity: 10, from: day(-180), until: day(180), on: day(-180) }), 'project').id as string;
    // Eligible from grid-records' events alone, once they crossed Kafka.
    const eligible = await until(() => help('GET', `/v1/projects/${projectId}/eligible?on=${day(-150)}`, member), (a) => a.body?.count === 1, 'the elder eligible in help-projects');
    expect(eligible.body).toMatchObject({ count: 1, households: [{ householdId, subjects: [{ personId: elder, basis: [caseId] }] }] });
    const consent = { givenBy: 'self', on: day(-150), documentRef: '知情同意书-1' };
    const enrolmentId = ok(await help('POST', `/v1/projects/${projectId}/enrolments`, member, { householdId, personId: elder, consent, on: day(-150) }), 'enrolment').enrolmentId as string;

    // charity: a fund receives a donation and allocates part of it to the project; help-projects credits its budget.
    const orgBody = { name: '梅湾区慈善总会', form: 'social-organisation', creditCode: '51431103MJJ000000A', regionId: d, registeredOn: '2010-05-01', on: day(-200) };
    const org = (await until(() => charity('POST', '/v1/organisations', district, orgBody), (a) => a.status === 201, 'the district known to charity')).body.id as string;
    ok(await charity('POST', `/v1/organisations/${org}/qualification`, district, { certificateRef: '湘民募字2017-001', validFrom: '2017-01-01', on: day(-200) }), 'qualification');
    const staff = await token('charity-staff', [org], 'e2e-staff');
    const fundId = ok(await charity('POST', '/v1/funds', staff, { organisationId: org, name: '慈善总会基金', on: day(-200) }), 'fund').id as string;
    const campaignBody = { organisationId: org, name: '慈善一日捐', kind: 'one-day-donation', public: true, from: day(-200), to: day(100), targetFen: null, purpose: 'poverty-relief', fundId, on: day(-200) };
    const campaignId = ok(await charity('POST', '/v1/campaigns', staff, campaignBody), 'campaign').id as string;
    ok(await charity('POST', `/v1/campaigns/${campaignId}/donations`, staff, { donor: { kind: 'anonymous' }, gift: { kind: 'money', amountFen: 1_000_000, channel: 'bank-transfer' }, on: day(-140) }), 'donation');
    const allocation = { recipient: { kind: 'project', projectId }, regionId: d, purpose: 'elderly-care', amountFen: 200_000, on: day(-130) };
    await until(() => charity('POST', `/v1/funds/${fundId}/allocations`, staff, allocation), (a) => a.status === 201, 'the allocation accepted');
    await until(() => help('GET', `/v1/projects/${projectId}`, member), (a) => a.body?.creditedFen === 200_000, 'the allocation credited to the project');

    // Services delivered; grid-records' aid history of the household shows them.
    const serve = (servedOn: string) => help('POST', `/v1/enrolments/${enrolmentId}/services`, member, { personId: elder, memberId, servedOn, personTimes: 1, costFen: 8_000, on: servedOn });
    for (const servedOn of [day(-90), day(-45), day(-15)]) expect((await serve(servedOn)).status).toBe(201);
    type Aid = { kind: string; projectId?: string; memberId?: string; on: string };
    const served = (a: Answer) => ((a.body?.items ?? []) as Aid[]).filter((e) => e.kind === 'help-project-service').map((e) => [e.on, e.projectId, e.memberId]);
    const aid = await until(() => must('GET', `/v1/households/${householdId}/aid-history`, district, undefined, 200).then((body) => ({ status: 200, body })), (a) => served(a).length === 3, 'the services in grid-records’ aid history');
    expect(served(aid)).toEqual([
      [day(-15), projectId, memberId],
      [day(-45), projectId, memberId],
      [day(-90), projectId, memberId],
    ]);
    const ratesBefore = ok(await help('GET', `/v1/regions/${d}/rates/benefit-list/households?from=${day(-60)}&to=${today}`, operator), 'rates before');
    expect(ratesBefore.households.denominator).toEqual([householdId]);

    // elections: the elder on a frozen roll of the community's residents committee.
    const committee = await token('election-committee', [community], 'e2e-committee');
    const seats = [{ post: 'director', seats: 1 }, { post: 'deputy-director', seats: 1 }, { post: 'member', seats: 3 }];
    const call = { kind: 'residents-committee', regionId: community, term: 10, seats, votingDay: '2026-06-20', stations: [{ stationId: 'st1', name: '社区活动中心投票站', kind: 'polling-station' }], on: '2026-04-01' };
    const electionId = (await until(() => elections('POST', '/v1/elections', committee, call), (a) => a.status === 201, 'the community known to elections')).body.id as string;
    ok(await elections('POST', `/v1/elections/${electionId}/audit`, committee, { on: '2026-04-10', auditor: '街道经管站', reportRef: 'SJ-1' }), 'audit');
    await until(() => elections('GET', `/v1/elections/${electionId}/roll/eligible?on=2026-05-20`, committee), (a) => a.body?.eligible === 1, 'the elder in elections’ projection');
    ok(await elections('POST', `/v1/elections/${electionId}/roll/publish`, committee, { on: '2026-05-20' }), 'publish');
    ok(await elections('POST', `/v1/elections/${electionId}/roll/freeze`, committee, { on: '2026-05-26' }), 'freeze');

    // The death, recorded today in grid-records, happened two months ago.
    await must('POST', `/v1/residents/${elder}/death`, worker, { diedOn: day(-60), evidence: 'cremation-record' }, 200);
    const services = (
      await until(() => help('GET', `/v1/enrolments/${enrolmentId}/services`, member), (a) => a.body?.end != null && a.body.services.some((x: { flagged: unknown }) => x.flagged), 'the enrolment ended in help-projects')
    ).body;
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
    const ratesAfter = await until(() => help('GET', `/v1/regions/${d}/rates/benefit-list/households?from=${day(-30)}&to=${today}`, operator), (a) => a.status === 200, 'rates after');
    expect(ratesAfter.body.households.denominator).toEqual([]);
    // elections' life-events reaction: flagged on the frozen roll, never removed.
    const roll = await until(() => elections('GET', `/v1/elections/${electionId}/roll`, committee), (a) => a.body?.entries?.[0]?.flag === 'died', 'the death flagged on the frozen roll');
    expect(roll.body.entries.map((e: { voterId: string; flag: string | null }) => [e.voterId, e.flag])).toEqual([[elder, 'died']]);
  }, 240_000);
});
