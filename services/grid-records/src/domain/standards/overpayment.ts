import { addMonths, firstDayOf, monthOf, type IsoDate, type IsoMonth } from '../shared/dates';
import type { StatusRecord } from './in-force';
import { explainMonthlyAmount } from './monthly-amount';
import type { StandardsSet } from './types';

/** One month paid on the records before an end was recorded, beyond what the end leaves due. */
export interface OverpaidMonth {
  month: IsoMonth;
  paidFen: number;
  dueFen: number;
  overFen: number;
}

/**
 * The months between an end's effective date and the day it was recorded, with what the records before it
 * ordered paid (`before`: the status as it stood, arrears of a late grant included) less what is due once the
 * end is known (`after`). A month counts when it began on or before the recording day: its roster was drawn on
 * the records that did not yet know the end (seed 003: 死亡、户籍 data cross-checks recovered 20.45 万元 this way).
 * Only months that lose money are returned; an end recorded on time has none.
 */
export function overpaidMonths(
  before: StatusRecord,
  after: StatusRecord,
  endedOn: IsoDate,
  recordedOn: IsoDate,
  book: readonly StandardsSet[],
): OverpaidMonth[] {
  const months: OverpaidMonth[] = [];
  for (let month = monthOf(endedOn); firstDayOf(month) <= recordedOn; month = monthOf(addMonths(firstDayOf(month), 1))) {
    const paidFen = explainMonthlyAmount(before, book, month).fen;
    const dueFen = explainMonthlyAmount(after, book, month).fen;
    if (paidFen > dueFen) months.push({ month, paidFen, dueFen, overFen: paidFen - dueFen });
  }
  return months;
}
