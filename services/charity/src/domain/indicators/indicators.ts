import type { RuleRef } from '@grid/contracts';
import type { FundEvent } from '../events';
import { yearOf } from '../dates';
import { ART } from '../rules/articles';

/** One organisation's ledger totals for a year, in fen. */
export interface YearTotals {
  incomeFen: number;
  /** 慈善活动支出: money and goods used for the charitable purpose. */
  charitableSpendingFen: number;
  managementCostsFen: number;
}

/**
 * A year's totals from fund events (dated by their business date; a reversal counts in its own year):
 * income is what campaign income accounts were credited, spending what the uses account was debited,
 * management costs what the management-costs account was debited.
 */
export function yearTotals(events: Iterable<FundEvent>, year: number): YearTotals {
  const totals: YearTotals = { incomeFen: 0, charitableSpendingFen: 0, managementCostsFen: 0 };
  for (const e of events) {
    if (!('entries' in e.data) || yearOf(e.data.on) !== year) continue;
    for (const { account, amountFen } of e.data.entries) {
      if (account.startsWith('income:')) totals.incomeFen -= amountFen;
      else if (account === 'uses') totals.charitableSpendingFen += amountFen;
      else if (account === 'management-costs') totals.managementCostsFen += amountFen;
    }
  }
  return totals;
}

export interface Indicator {
  /** The share as a fraction of whole fen: compared in integers, never in floating point. */
  num: number;
  den: number;
  met: boolean;
  rule: RuleRef;
}

export const INDICATOR_RULES = {
  spending: { rule: 'spending-at-least-70-percent', percent: 70, source: ART.spendingShare },
  management: { rule: 'management-at-most-10-percent', percent: 10, source: ART.managementShare },
} as const;

/**
 * 年度支出 ≥ 70% of the prior year's income, or of the average of the three years before (either satisfies
 * the law); 管理费用 ≤ 10% of the year's total spending (charitable spending plus management costs).
 */
export function yearlyIndicators(year: YearTotals, priorYears: { incomeFen: number }[]): { spending: Indicator; management: Indicator } {
  const { spending, management } = INDICATOR_RULES;
  const prior = priorYears[0]?.incomeFen ?? 0;
  const three = priorYears.slice(0, 3);
  const spent = year.charitableSpendingFen + year.managementCostsFen;
  const atLeast = (base: number, n = 1) => year.charitableSpendingFen * 100 * n >= spending.percent * base;
  const threeYearMet = three.length === 3 && atLeast(three.reduce((sum, y) => sum + y.incomeFen, 0), 3);
  return {
    spending: { num: year.charitableSpendingFen, den: prior, met: atLeast(prior) || threeYearMet, rule: { rule: spending.rule, source: spending.source } },
    management: { num: year.managementCostsFen, den: spent, met: year.managementCostsFen * 100 <= management.percent * spent, rule: { rule: management.rule, source: management.source } },
  };
}
