// What the charity deciders emit is what the contracts publish: a district's charity year (organisation, donors,
// campaigns with a 消费捐 pledge and an emergency appeal, receipts, the fund's ledger) validates event by event,
// every published charity event type is emitted, and each stream goes to its charity topic.
import { eventRegistry, topicForStream } from '@grid/contracts';
import { historyOf } from '@grid/platform/decider';
import { campaignDecider } from '../../src/domain/campaign/decide-campaign';
import { donorDecider } from '../../src/domain/donor/donor';
import { fundDecider } from '../../src/domain/fund/decide-fund';
import { organisationDecider } from '../../src/domain/organisation/organisation';
import { receiptBookDecider } from '../../src/domain/receipts/receipt-book';
import { disclose, flag, launch, money, named, receive } from '../domain/campaign-fixtures';
import { allocate, cost, credit, DAWAN_LIGHTS, FUND, ONE_DAY, openFund, ORG, reverse, staff, toDawanLights, use } from '../domain/fixtures';

const on = '2020-01-02';
const organisation = historyOf(organisationDecider, [
  { type: 'register-organisation', organisationId: ORG, name: '冷水滩区慈善总会', form: 'social-organisation', creditCode: '51431103MJJ0000000', regionId: 'd-lengshuitan', registeredOn: '2010-05-01', on, by: staff },
  { type: 'grant-qualification', certificateRef: '公募证-冷民-2017-001', validFrom: '2017-06-01', validTo: null, on, by: staff },
  { type: 'revoke-qualification', reason: '证书到期换发', on: '2021-06-01', by: staff },
]);
const donors = [
  ...historyOf(donorDecider, [
    { type: 'register-donor', donorId: 'donor-power-company', kind: 'organisation', organisationName: '冷水滩区园区供电支公司', publicName: 'named', on, by: staff },
    { type: 'set-public-name', publicName: 'unnamed', on: '2020-02-01', by: staff },
  ]),
  ...historyOf(donorDecider, [{ type: 'register-donor', donorId: 'donor-resident-1', kind: 'person', personId: 'p-lingyun-0042-1', publicName: 'unnamed', on, by: staff }]),
];
const campaign = historyOf(campaignDecider, [
  launch(),
  { type: 'pledge', pledgeId: 'p-supermarket', donor: named('donor-xinyuan'), basis: { kind: 'sales-share', share: { num: 1, den: 100 }, products: '爱心米', until: '2020-10-31' }, restriction: null, on: '2020-03-01', by: staff },
  receive('d-sales', money(123_456), { donor: named('donor-xinyuan'), pledgeId: 'p-supermarket' }),
  receive('d-power', money(9_300_000), { restriction: DAWAN_LIGHTS }),
  receive('d-milk', { kind: 'in-kind', items: [{ itemKey: 'milk-powder', description: '奶粉', quantity: 70, unit: '罐', valuationFen: 1_050_000 }], valuation: { method: 'market-price', valuedBy: '区慈善总会', ref: '估价-2020-01' } }),
  { type: 'cancel-pledge', pledgeId: 'p-supermarket', reason: '商户停业', on: '2020-07-01', by: staff },
  flag('2020-04-05'),
  disclose('q2', 'periodic', '2020-04-06'),
  { type: 'close', on: '2020-12-31', by: staff },
  disclose('final', 'final', '2021-02-01'),
]);
const receipts = historyOf(receiptBookDecider, [
  { type: 'issue-receipt', organisationId: ORG, year: 2020, donationId: 'd-power', campaignId: ONE_DAY, amountFen: 9_300_000, donorId: 'donor-power-company', on: '2020-06-01', by: staff },
  { type: 'reissue-receipt', seq: 1, reason: '抬头有误', amountFen: 9_300_000, donorId: 'donor-power-company', on: '2020-06-02', by: staff },
]);
const fund = historyOf(fundDecider, [
  openFund(),
  credit('d-power', 9_300_000, DAWAN_LIGHTS),
  credit('d-sales', 123_456),
  { type: 'receive-goods', donationId: 'd-milk', campaignId: ONE_DAY, items: [{ itemKey: 'milk-powder', quantity: 70, unit: '罐', valuationFen: 1_050_000 }], valuation: { method: 'market-price', valuedBy: '区慈善总会', ref: '估价-2020-01' }, on: '2020-06-01', by: staff },
  toDawanLights('a-dawan'),
  use('u-lights', 'a-dawan', 9_300_000),
  allocate('a-bath', 100_000, { recipient: { kind: 'project', projectId: 'p-bath' } }),
  cost('m-print', 3_456),
  { type: 'issue-goods', issueId: 'i-1', itemKey: 'milk-powder', quantity: 7, to: { kind: 'charity-supermarket', supermarketId: 'cs-huolongjing' }, evidenceRef: '出库单-1', on: '2020-06-10', by: staff },
  reverse(6, '项目取消'),
]);
const year = [...organisation, ...donors, ...campaign, ...receipts, ...fund];

describe('what the charity deciders emit is what the contracts publish', () => {
  test.each(year.map((e, i) => [i, e.type, e] as const))('event %i (%s) validates against its schema', (_i, type, e) => {
    expect(() => eventRegistry.validate(type, e.data)).not.toThrow();
  });

  test('every published charity event type is emitted in this year', () => {
    const published = eventRegistry.types().filter((t) => t.startsWith('charity.'));
    expect([...new Set(year.map((e) => e.type))].sort()).toEqual(published);
  });

  test('each charity stream goes to its charity topic', () => {
    expect(['organisation-o1', 'donor-d1', `campaign-${ONE_DAY}`, `receipts-${ORG}-2020`, `fund-${FUND}`].map((s) => topicForStream(s))).toEqual([
      'charity.organisation.v1',
      'charity.donor.v1',
      'charity.campaign.v1',
      'charity.receipts.v1',
      'charity.fund.v1',
    ]);
  });

  test('a donor\'s name never travels in clear: a person donor with a name field is not a valid event', () => {
    expect(() => eventRegistry.validate('charity.donor.registered', { donorId: 'x', kind: 'person', personId: 'p1', name: '张三', publicName: 'named', on, by: staff })).toThrow();
  });
});
