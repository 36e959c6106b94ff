import { refused } from '@grid/platform/decider';
import { addMonths, type IsoDate } from '../shared/dates';
import { PROGRAMS } from './programs';
import { FINAL_STAGES, PENDING_STAGES, type AssistanceState } from './types';

/** What every status event names: program, class, household, person. */
export const ref = (s: AssistanceState) => ({
  caseId: s.caseId,
  program: s.program,
  class: s.class,
  householdId: s.householdId,
  personId: s.personId,
});

export const isFinal = (s: AssistanceState): boolean => FINAL_STAGES.includes(s.stage);
export const isPending = (s: AssistanceState): boolean => PENDING_STAGES.includes(s.stage);
export const isInForceStage = (s: AssistanceState): boolean => s.stage === 'active' || s.stage === 'suspended';

/**
 * The last day the status is in force as things stand: its end date once ended; for a one-off (临时救助)
 * the grant day itself; null while open-ended.
 */
export function currentEnd(s: Pick<AssistanceState, 'endedOn' | 'grant' | 'program'>): IsoDate | null {
  if (s.endedOn !== null) return s.endedOn;
  if (s.grant && PROGRAMS[s.program].oneOff) return s.grant.effectiveFrom;
  return null;
}

/** The last day a covered member is covered: their own end or the status' end, whichever is first. */
export function coverageEnd(s: Pick<AssistanceState, 'endedOn' | 'grant' | 'program' | 'coverage'>, personId: string): IsoDate | null {
  const own = s.coverage.find((c) => c.personId === personId)?.until ?? null;
  const all = currentEnd(s);
  if (own === null) return all;
  return all === null || own < all ? own : all;
}

/** Next periodic review (复核) from a date, by the program's calendar. */
export function nextReview(
  s: Pick<AssistanceState, 'program' | 'registration'>,
  cls: AssistanceState['class'],
  from: IsoDate,
): IsoDate | null {
  const months = PROGRAMS[s.program].reviewMonths;
  return months ? addMonths(from, months(cls, s.registration)) : null;
}

export function requireCase(s: AssistanceState): void {
  if (s.stage === 'none') throw refused('unknown-case', 'no such assistance case');
  if (isFinal(s)) throw refused('case-closed', `the case is ${s.stage}${s.endedOn ? ` (last day in force ${s.endedOn})` : ''}`);
}

/** A decision without a reason cannot be explained to the applicant or an auditor. */
export function requireReason(reason: string | undefined, field = 'reason'): string {
  if (!reason?.trim()) throw refused('reason-required', 'give the reason for this decision', { field });
  return reason;
}

export function notBefore(on: IsoDate, earliest: IsoDate, what: string, field: string): void {
  if (on < earliest) throw refused('date-out-of-order', `${what} takes effect on or after ${earliest}`, { field });
}
