import { categoryOf, type Envelope, type ProgramCode } from '@grid/contracts';
import { PROGRAMS, coverageEnd, currentEnd, type HouseholdState, type IsoDate } from '../../domain';
import { foldCaseView } from '../../projections/assistance/case-view';
import { foldHousehold } from '../households/household-stream';
import { effectiveDateOf, timelineOf, type TimelineEntry } from './timeline';

/** A member as the records stood: ids, relation and dates; birth year only (with the region code it narrows an ID). */
export interface MemberAsOf {
  personId: string;
  relation: string;
  birthYear: string;
  joinedOn: IsoDate;
  leftOn: IsoDate | null;
  diedOn: IsoDate | null;
  /** A member on `validAt`: joined, not left, alive. */
  present: boolean;
}

export interface StatusAsOf {
  caseId: string;
  program: ProgramCode;
  term: string;
  stage: string;
  class: string | null;
  effectiveFrom: IsoDate | null;
  endedOn: IsoDate | null;
  /** Granted, not ended, not suspended on `validAt`. */
  inForce: boolean;
  /** Household statuses: the members covered on `validAt`. */
  coveredPersonIds: string[];
}

export interface HouseholdAsOf {
  householdId: string;
  validAt: IsoDate;
  knownAt: string;
  household: { status: HouseholdState['status']; gridId: string; headId: string; registration: string; members: MemberAsOf[] } | null;
  statuses: StatusAsOf[];
  /** The events that make this state: recorded by `knownAt`, in effect by `validAt`. */
  explainedBy: TimelineEntry[];
  /** In effect by `validAt` but recorded after `knownAt`: what the records did not yet say then (a death reported late). */
  learnedLater: TimelineEntry[];
}

const onOrBefore = (day: IsoDate, limit: IsoDate | null): boolean => limit === null || day <= limit;

/**
 * The state valid at `validAt` as known at `knownAt` (docs/architecture.md, Time): each stream folded by its own
 * decider's evolve over its events recorded by `knownAt` whose effective date is on or before `validAt`.
 */
export function householdAsOf(householdId: string, events: readonly Envelope[], validAt: IsoDate, knownAt: string): HouseholdAsOf {
  const limit = Date.parse(knownAt);
  const effective = events.filter((e) => effectiveDateOf(e) <= validAt);
  const known = effective.filter((e) => Date.parse(e.recordedAt) <= limit);
  const later = effective.filter((e) => Date.parse(e.recordedAt) > limit);
  const own = known.filter((e) => categoryOf(e.streamId) === 'household');
  const state = own.length > 0 ? foldHousehold(own) : null;
  const household =
    state && state.status !== 'none'
      ? {
          status: state.status,
          gridId: state.gridId,
          headId: state.headId,
          registration: state.registration,
          members: Object.values(state.residents).map((r) => ({
            personId: r.personId,
            relation: r.relation,
            birthYear: String(r.birthYear),
            joinedOn: r.joinedOn,
            leftOn: r.leftOn,
            diedOn: r.diedOn,
            present: r.joinedOn <= validAt && (r.leftOn === null || r.leftOn > validAt) && (r.diedOn === null || r.diedOn >= validAt),
          })),
        }
      : null;
  const byCase = new Map<string, Envelope[]>();
  for (const e of known.filter((x) => categoryOf(x.streamId) === 'assistance')) byCase.set(e.streamId, [...(byCase.get(e.streamId) ?? []), e]);
  const statuses: StatusAsOf[] = [];
  for (const caseEvents of byCase.values()) {
    const c = foldCaseView(caseEvents);
    if (!c) continue;
    const suspended = c.suspensions.some((s) => s.from <= validAt && onOrBefore(validAt, s.until));
    const inForce = c.grant !== null && c.grant.effectiveFrom <= validAt && onOrBefore(validAt, currentEnd(c)) && !suspended;
    statuses.push({
      caseId: c.caseId,
      program: c.program,
      term: PROGRAMS[c.program].term,
      stage: c.stage,
      class: c.classHistory.filter((h) => h.from <= validAt).at(-1)?.class ?? c.class,
      effectiveFrom: c.grant?.effectiveFrom ?? null,
      endedOn: c.endedOn,
      inForce,
      coveredPersonIds: inForce ? c.coverage.filter((m) => onOrBefore(validAt, coverageEnd(c, m.personId))).map((m) => m.personId) : [],
    });
  }
  return { householdId, validAt, knownAt, household, statuses, explainedBy: timelineOf(known), learnedLater: timelineOf(later) };
}
