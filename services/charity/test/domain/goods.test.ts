import type { FundCommand } from '../../src/domain/fund/types';
import { ACCOUNT, balanceOf } from '../../src/domain/fund/accounts';
import { fundHistory, fundState, given, ONE_DAY, staff } from './fixtures';

// Seed 002: 84 消毒液 400 kg from a company; 奶粉 70 罐 from the district charity federation.
const receive = (donationId: string, itemKey: string, quantity: number, unit: string, valuationFen: number): FundCommand => ({
  type: 'receive-goods',
  donationId,
  campaignId: ONE_DAY,
  items: [{ itemKey, quantity, unit, valuationFen }],
  valuation: { method: 'donor-invoice', valuedBy: '捐赠企业', ref: `发票-${donationId}` },
  on: '2020-02-10',
  by: staff,
});
const issue = (issueId: string, itemKey: string, quantity: number, to: Extract<FundCommand, { type: 'issue-goods' }>['to'] = { kind: 'charity-supermarket', supermarketId: 'cs-huolongjing' }): FundCommand => ({
  type: 'issue-goods',
  issueId,
  itemKey,
  quantity,
  to,
  evidenceRef: `出库单-${issueId}`,
  on: '2020-02-12',
  by: staff,
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
