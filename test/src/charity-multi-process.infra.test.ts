// Issue 10 across processes: grid-records and charity each their own OS process with its own SQLite event store,
// the only link between them real Kafka (and the vault's keys in the shared MongoDB-protocol database):
//
//   test ──HTTP──▶ grid-records ──relay──▶ Kafka grid-records.region.v1, grid-records.household.v1 ──▶ charity
//   test ──HTTP──▶ charity ──relay──▶ Kafka charity.fund.v1 ──▶ grid-records' aid-history projection
//
// A household registered in grid-records is known to charity from its events; money donated and allocated to it in
// charity, and its use, reach the household's aid history in grid-records from charity's events only.
import { createRegionTree, household, http, must, token } from './multi-process/http-client';
import { ServiceRun } from './multi-process/service-run';
import { until } from './multi-process/processes';

const brokers = process.env.KAFKA_BROKERS;
const mongoUrl = process.env.MONGODB_URL;
const ON = '2020-05-10';
const run = new ServiceRun('charity', brokers!, mongoUrl!);
const charity = (method: 'GET' | 'POST', path: string, bearer: string, body?: unknown) => run.call('charity', method, path, bearer, body);
const ok = (method: 'GET' | 'POST', path: string, bearer: string, body?: unknown) => run.ok('charity', method, path, bearer, body);

(brokers && mongoUrl ? describe : describe.skip)('grid-records and charity, each its own process on Kafka', () => {
  let worker: string;
  let official: string;
  let streetId: string;
  let householdId: string;

  beforeAll(async () => {
    await run.start(['grid-records', 'charity']);
    official = await token('district-official', ['*'], 'e2e-official');
    const tree = await createRegionTree(official);
    streetId = tree.streetId;
    worker = await token('grid-worker', [tree.community], 'e2e-worker');
    // Grid workers write only in grids whose roster they are on.
    await must('POST', `/v1/grids/${tree.g1}/workers`, official, { workerId: 'e2e-worker', from: '2020-01-01' }, 200);
    householdId = (await must('POST', '/v1/households', worker, household(tree.g1), 201)).id;
  }, 120_000);

  afterAll(() => run.stop(), 30_000);

  test('money donated and allocated to a household in charity, and its use, reach its aid history in grid-records', async () => {
    // 404/422 until the street reached charity's region directory through Kafka.
    const organisation = { name: '梅湾街道慈善会', form: 'social-organisation', creditCode: '51431103MJJ000001B', regionId: streetId, registeredOn: '2010-05-01', on: '2020-01-02' };
    const organisationId = (await until(() => charity('POST', '/v1/organisations', official, organisation), (a) => a.status === 201, 'the street known to charity')).body.id;
    await ok('POST', `/v1/organisations/${organisationId}/qualification`, official, { certificateRef: '湘民募字2017-002', validFrom: '2017-01-01', on: '2020-01-02' });
    const staff = await token('charity-staff', [organisationId], 'e2e-staff');
    const fundId = (await ok('POST', '/v1/funds', staff, { organisationId, name: '街道慈善基金', on: '2020-01-02' })).id;
    const campaign = { organisationId, name: '2020年慈善一日捐', kind: 'one-day-donation', public: true, from: '2020-01-02', to: '2020-12-31', targetFen: null, purpose: 'poverty-relief', fundId, on: '2020-01-02' };
    const campaignId = (await ok('POST', '/v1/campaigns', staff, campaign)).id;
    const donation = await ok('POST', `/v1/campaigns/${campaignId}/donations`, staff, { donor: { kind: 'organisation', name: '国网冷水滩供电公司' }, gift: { kind: 'money', amountFen: 500_000, channel: 'bank-transfer' }, on: ON });
    expect(donation.receipt.seq).toBe(1);

    // 422 unknown-household until the household reached charity through Kafka.
    const allocation = { recipient: { kind: 'household', householdId }, purpose: 'poverty-relief', amountFen: 200_000, on: ON };
    const allocated = await until(() => charity('POST', `/v1/funds/${fundId}/allocations`, staff, allocation), (a) => a.status === 201, 'the household known to charity');
    await ok('POST', `/v1/allocations/${allocated.body.id}/uses`, staff, { amountFen: 150_000, evidenceRef: '助学金签收单', on: ON });

    const aid = await until(
      () => http('GET', `/v1/households/${householdId}/aid-history`, worker),
      (a) => a.status === 200 && a.body.items.some((e: { usedFen?: number }) => e.usedFen === 150_000),
      'the allocation and its use in grid-records’ aid history',
    );
    expect(aid.body.items).toEqual([
      expect.objectContaining({ kind: 'charity-allocation', fundId, allocationId: allocated.body.id, purpose: 'poverty-relief', amountFen: 200_000, usedFen: 150_000, on: ON, reversed: false }),
    ]);
  });
});
