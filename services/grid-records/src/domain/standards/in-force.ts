import { currentEnd } from '../assistance/status';
import type { AssistanceState } from '../assistance/types';
import { addDays, clip, firstDayOf, lastDayOf, type IsoDate, type IsoMonth } from '../shared/dates';

/** What payment needs of a case: its folded state (a read model may store exactly this). */
export type StatusRecord = Pick<
  AssistanceState,
  | 'caseId'
  | 'program'
  | 'householdId'
  | 'personId'
  | 'registration'
  | 'districtId'
  | 'birthYear'
  | 'birthMonth'
  | 'terms'
  | 'grant'
  | 'classHistory'
  | 'suspensions'
  | 'coverage'
  | 'endedOn'
  | 'stage'
>;

export interface DayRange {
  from: IsoDate;
  until: IsoDate;
}

/** Removes an inclusive gap (until null: open-ended) from day ranges. */
function subtract(ranges: DayRange[], gap: { from: IsoDate; until: IsoDate | null }): DayRange[] {
  return ranges.flatMap((r) => {
    if ((gap.until !== null && gap.until < r.from) || gap.from > r.until) return [r];
    const parts: DayRange[] = [];
    if (gap.from > r.from) parts.push({ from: r.from, until: addDays(gap.from, -1) });
    if (gap.until !== null && gap.until < r.until) parts.push({ from: addDays(gap.until, 1), until: r.until });
    return parts;
  });
}

/** Days of a month on which the status is in force: granted, not yet ended, not suspended. */
export function inForceDays(s: StatusRecord, month: IsoMonth): DayRange[] {
  if (!s.grant) return [];
  const span = clip({ from: s.grant.effectiveFrom, until: currentEnd(s) }, firstDayOf(month), lastDayOf(month));
  if (!span) return [];
  return s.suspensions.reduce(subtract, [span]);
}

/** The class in force on a day (class changes take effect from their date). */
export const classOn = (s: StatusRecord, day: IsoDate) =>
  s.classHistory.filter((c) => c.from <= day).at(-1)?.class ?? s.classHistory[0]?.class ?? null;

/** Covered members of a household status on at least one in-force day of the month. */
export const coveredIn = (s: StatusRecord, days: DayRange[]): string[] =>
  days.length === 0 ? [] : s.coverage.filter((c) => c.until === null || c.until >= days[0]!.from).map((c) => c.personId);
