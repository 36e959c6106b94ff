import type { Restriction } from '@grid/contracts';
import type { FundCommand } from '../../src/domain/fund/types';
import { ACCOUNT, balanceOf } from '../../src/domain/fund/accounts';
import { ART } from '../../src/domain/rules/articles';
import { DAWAN_PATH, fundHistory, fundState, given, LINGYUN_PATH, ONE_DAY, staff } from './fixtures';

type Issue = Extract<FundCommand, { type: 'issue-goods' }>;

// Seed 002: 84 消毒液 400 kg from a company; 奶粉 70 罐 from the district charity federation.
const receive = (donationId: string, itemKey: string, quantity: number, unit: string, valuationFen: number, restriction: Restriction | null = null): FundCommand => ({
  type: 'receive-goods',
  donationId,
  campaignId: ONE_DAY,
  items: [{ itemKey, quantity, unit, valuationFen }],
  valuation: { method: 'donor-invoice', valuedBy: '捐赠企业', ref: `发票-${donationId}` },
  restriction,
  on: '2020-02-10',
  by: staff,
});
const issue = (issueId: string, itemKey: string, quantity: number, to: Issue['to'] = { kind: 'charity-supermarket', supermarketId: 'cs-huolongjing' }, over: Partial<Issue> = {}): FundCommand => ({
  type: 'issue-goods',
  issueId,
  itemKey,
  quantity,
  to,
  evidenceRef: `出库单-${issueId}`,
  restriction: null,
  on: '2020-02-12',
  by: staff,
  ...over,
});
const milk = () => fundHistory(receive('g1', 'milk-powder', 70, '罐', 1_050_000));

describe('in-kind stock (款物接收 → 慈善超市)', () => {
  test('goods are booked into stock at their valuation, with who valued them', () => {
    given(...fundHistory())
      .when(receive('g1', 'disinfectant-84', 400, 'kg', 240_000))
      .thenMatches({
        type: 'charity.fund.goods-received',
        data: { tx: 1, itemKey: 'disinfectant-84', quantity: 400, unit: 'kg', valuationFen: 240_000, valuation: { method: 'donor-invoice' }, entries: [{ account: 'in-kind-stock:disinfectant-84', amountFen: 240_000 }, { account: `income:${ONE_DAY}`, amountFen: -240_000 }] },
      });
  });

  test('goods issued at a charity supermarket leave stock at their share of its value', () => {
    given(...milk())
      .when(issue('i1', 'milk-powder', 7))
      .thenMatches({ type: 'charity.fund.goods-issued', data: { valuationFen: 105_000, to: { kind: 'charity-supermarket' }, entries: [{ account: 'uses', amountFen: 105_000 }, { account: 'in-kind-stock:milk-powder', amountFen: -105_000 }] } });
  });

  test('the last of an item takes what value is left, so stock ends at zero fen', () => {
    const history = fundHistory(receive('g1', 'milk-powder', 3, '罐', 1_000), issue('i1', 'milk-powder', 1), issue('i2', 'milk-powder', 2));
    expect(balanceOf(fundState(history).balances, ACCOUNT.stock('milk-powder'))).toBe(0);
  });

  test('more than is in stock is refused', () => {
    given(...milk()).when(issue('i1', 'milk-powder', 70.5)).thenRefuses('not-in-stock');
  });

  test('half units are kept exactly (seed 002 counts 240,369.5 items)', () => {
    const history = fundHistory(receive('g1', 'rice', 240_369.5, '件', 1_639_500_00), issue('i1', 'rice', 0.1), issue('i2', 'rice', 0.2));
    expect(fundState(history).stock.get('rice')?.milli).toBe(240_369_200);
  });

  test('a reversed issue puts the goods back', () => {
    const history = fundHistory(receive('g1', 'milk-powder', 70, '罐', 1_050_000), issue('i1', 'milk-powder', 7), { type: 'reverse', reverses: 2, reason: '未领取', on: '2020-02-13', by: staff });
    expect(fundState(history).stock.get('milk-powder')?.milli).toBe(70_000);
  });
});

// 定向 goods: 60 solar lamps for 大湾村's street lights; 200 bags of rice for the 助浴 project's households.
const DAWAN_LAMPS: Restriction = { regionId: 'v-dawan', purpose: 'solar-street-lights' };
const BATH_PROJECT: Restriction = { projectId: 'p-bath' };
const lamps = () => fundHistory(receive('g-lamps', 'solar-lamp', 60, '盏', 1_800_000, DAWAN_LAMPS));
const toDawan = (over: Partial<Issue> = {}): Partial<Issue> => ({ restriction: DAWAN_LAMPS, regionPath: DAWAN_PATH, purpose: 'solar-street-lights', ...over });
const dawanCommittee: Issue['to'] = { kind: 'project', projectId: 'p-dawan-lights' };

describe('directed (定向) goods', () => {
  test('directed goods are kept in their own stock under the donor\'s restriction', () => {
    given(...fundHistory())
      .when(receive('g-lamps', 'solar-lamp', 60, '盏', 1_800_000, DAWAN_LAMPS))
      .thenMatches({
        type: 'charity.fund.goods-received',
        data: { restriction: DAWAN_LAMPS, entries: [{ account: 'in-kind-stock:solar-lamp/region=v-dawan;purpose=solar-street-lights', amountFen: 1_800_000 }, { account: `income:${ONE_DAY}`, amountFen: -1_800_000 }] },
      });
  });

  test('directed goods are issued inside their village for their purpose, naming the restriction drawn on', () => {
    given(...lamps())
      .when(issue('i-lamps', 'solar-lamp', 20, dawanCommittee, toDawan()))
      .thenMatches({
        type: 'charity.fund.goods-issued',
        data: { restriction: DAWAN_LAMPS, regionPath: DAWAN_PATH, purpose: 'solar-street-lights', valuationFen: 600_000, entries: [{ account: 'uses', amountFen: 600_000 }, { account: 'in-kind-stock:solar-lamp/region=v-dawan;purpose=solar-street-lights', amountFen: -600_000 }] },
      });
  });

  test('directed goods for another village are refused, naming the restriction and the field', () => {
    given(...lamps())
      .when(issue('i-lamps', 'solar-lamp', 20, dawanCommittee, toDawan({ regionPath: LINGYUN_PATH })))
      .thenRefuses('restriction-not-met', { field: 'regionPath', source: ART.directed });
  });

  test('directed goods for another purpose in their village are refused', () => {
    given(...lamps()).when(issue('i-lamps', 'solar-lamp', 20, dawanCommittee, toDawan({ purpose: 'poverty-relief' }))).thenRefuses('restriction-not-met', { field: 'purpose' });
  });

  test('directed goods without a stated purpose are refused when the donor named one', () => {
    given(...lamps()).when(issue('i-lamps', 'solar-lamp', 20, dawanCommittee, toDawan({ purpose: undefined }))).thenRefuses('restriction-not-met', { field: 'purpose' });
  });

  test('goods directed to a help project go to that project only', () => {
    const rice = fundHistory(receive('g-rice', 'rice', 200, '袋', 1_000_000, BATH_PROJECT));
    given(...rice).when(issue('i-rice', 'rice', 10, { kind: 'household', householdId: 'h-lingyun-0042' }, { restriction: BATH_PROJECT, regionPath: LINGYUN_PATH })).thenRefuses('restriction-not-met', { field: 'to' });
    given(...rice).when(issue('i-rice', 'rice', 10, { kind: 'project', projectId: 'p-bath' }, { restriction: BATH_PROJECT })).thenMatches({ data: { restriction: BATH_PROJECT, valuationFen: 50_000 } });
  });

  test('directed goods cannot be issued as undirected stock: the undirected stock of the item is empty', () => {
    given(...lamps()).when(issue('i-lamps', 'solar-lamp', 1)).thenRefuses('not-in-stock', { field: 'quantity' });
  });

  test('undirected and directed goods of one item are counted apart', () => {
    const history = fundHistory(receive('g1', 'solar-lamp', 5, '盏', 150_000), receive('g-lamps', 'solar-lamp', 60, '盏', 1_800_000, DAWAN_LAMPS), issue('i1', 'solar-lamp', 5));
    const s = fundState(history);
    expect(s.stock.get('solar-lamp')?.milli).toBe(0);
    expect(s.stock.get('solar-lamp/region=v-dawan;purpose=solar-street-lights')?.milli).toBe(60_000);
    expect(balanceOf(s.balances, ACCOUNT.stock('solar-lamp/region=v-dawan;purpose=solar-street-lights'))).toBe(1_800_000);
  });

  test('a reversed issue of directed goods puts them back into their restricted stock', () => {
    const history = fundHistory(receive('g-lamps', 'solar-lamp', 60, '盏', 1_800_000, DAWAN_LAMPS), issue('i-lamps', 'solar-lamp', 20, dawanCommittee, toDawan()), { type: 'reverse', reverses: 2, reason: '未安装', on: '2020-02-13', by: staff });
    expect(fundState(history).stock.get('solar-lamp/region=v-dawan;purpose=solar-street-lights')?.milli).toBe(60_000);
  });
});
