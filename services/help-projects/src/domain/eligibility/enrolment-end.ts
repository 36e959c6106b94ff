import type { EnrolmentEndCause } from '@grid/contracts';
import type { IsoDate } from '../dates';
import type { HouseholdFacts } from '../facts/household-facts';
import { byDayThenId, deathOf, earliest, endOf, movedOutOf } from '../facts/queries';

/** An enrolment's end by rule: its last day served, why, and the grid-records event that says so. */
export interface RuleEnd {
  endedOn: IsoDate;
  cause: EnrolmentEndCause;
  causeEventId: string;
}

/**
 * When the facts end an enrolment: the household moved out, the person died or left it, or every status it
 * qualified by (`basis`) ended, whichever came first (ties by event id). Facts only ever add ends, so this day
 * only moves earlier as events arrive, in whatever order: the enrolment ends at the earliest one.
 */
export function enrolmentEnd(e: { personId: string | null; basis: readonly string[] }, f: HouseholdFacts): RuleEnd | null {
  const ends: RuleEnd[] = [];
  const moved = movedOutOf(f);
  if (moved) ends.push({ endedOn: moved.on, cause: 'moved-out', causeEventId: moved.eventId });
  const person = e.personId === null ? undefined : f.persons[e.personId];
  const death = person ? deathOf(person) : null;
  if (death) ends.push({ endedOn: death.on, cause: 'died', causeEventId: death.eventId });
  const left = person ? earliest(person.left) : null;
  if (left) ends.push({ endedOn: left.on, cause: 'left-household', causeEventId: left.eventId });
  const statusEnds = e.basis.map((caseId) => basisEnd(f, caseId, e.personId));
  if (statusEnds.length > 0 && statusEnds.every((s) => s !== null)) {
    // The enrolment runs while any status it qualified by does: it ends with the last of them.
    const last = statusEnds.sort(byDayThenId).at(-1)!;
    ends.push({ endedOn: last.on, cause: 'status-ended', causeEventId: last.eventId });
  }
  return ends.sort(earlierEnd)[0] ?? null;
}

/** A status's last day for the person: its own end, or the day the household status stopped covering them. */
function basisEnd(f: HouseholdFacts, caseId: string, personId: string | null): { on: IsoDate; eventId: string } | null {
  const s = f.statuses[caseId];
  if (!s) return null;
  const own = endOf(s);
  const coverage = personId === null ? null : earliest(Object.fromEntries(Object.entries(s.coverageEnds).filter(([, c]) => c.personId === personId)));
  return [own, coverage].filter((x) => x !== null).sort(byDayThenId)[0] ?? null;
}

export const earlierEnd = (a: RuleEnd, b: RuleEnd): number => byDayThenId({ on: a.endedOn, eventId: a.causeEventId }, { on: b.endedOn, eventId: b.causeEventId });
