import { yearlyIndicators, yearTotals } from '../../src/domain/indicators/indicators';
import { allocate, cost, credit, fundHistory, reverse, use } from './fixtures';

const year = (charitableSpendingFen: number, managementCostsFen: number) => ({ incomeFen: 0, charitableSpendingFen, managementCostsFen });

describe('yearly indicators (慈善法 2023: spending ≥ 70% of the prior year\'s income, management ≤ 10% of spending)', () => {
  test('spending of exactly 70% of the prior year\'s income meets the rule', () => {
    expect(yearlyIndicators(year(700_000, 0), [{ incomeFen: 1_000_000 }]).spending).toMatchObject({ num: 700_000, den: 1_000_000, met: true, rule: { rule: 'spending-at-least-70-percent' } });
  });

  test('one fen less does not', () => {
    expect(yearlyIndicators(year(699_999, 0), [{ incomeFen: 1_000_000 }]).spending.met).toBe(false);
  });

  test('70% of the three years\' average income also meets it', () => {
    expect(yearlyIndicators(year(700_000, 0), [{ incomeFen: 2_000_000 }, { incomeFen: 500_000 }, { incomeFen: 500_000 }]).spending.met).toBe(true);
  });

  test('management costs of exactly 10% of the year\'s spending meet the rule', () => {
    expect(yearlyIndicators(year(900_000, 100_000), [{ incomeFen: 1 }]).management).toMatchObject({ num: 100_000, den: 1_000_000, met: true });
  });

  test('one fen more does not', () => {
    expect(yearlyIndicators(year(900_000, 100_001), [{ incomeFen: 1 }]).management.met).toBe(false);
  });
});

describe('a year\'s totals come from the ledger', () => {
  test('income, uses and management costs of the year, a reversal counting in its own year', () => {
    const events = fundHistory(
      credit('d-2019', 50_000, null, '2019-12-20'),
      credit('d1', 1_000_000),
      allocate('a1', 800_000),
      use('u1', 'a1', 600_000),
      use('u2', 'a1', 100_000),
      reverse(5, '重复入账', '2021-01-05'),
      cost('m1', 70_000),
    );
    expect(yearTotals(events, 2020)).toEqual({ incomeFen: 1_000_000, charitableSpendingFen: 700_000, managementCostsFen: 70_000 });
    expect(yearTotals(events, 2021)).toEqual({ incomeFen: 0, charitableSpendingFen: -100_000, managementCostsFen: 0 });
  });
});
