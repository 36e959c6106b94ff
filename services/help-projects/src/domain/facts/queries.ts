import type { LivingClass, ProgramCode } from '@grid/contracts';
import type { IsoDate } from '../dates';
import type { Grant, HouseholdFacts, PersonFacts, StatusFacts } from './household-facts';

/** A fact and the grid-records event that says it. */
export type Sourced<T> = T & { eventId: string };

/** Earlier day first, then by event id: an order every reader of the same facts agrees on. */
export const byDayThenId = (a: { on: IsoDate; eventId: string }, b: { on: IsoDate; eventId: string }): number => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

/** The earliest fact (an end, a death), ties broken by event id so any order of arrival gives the same answer. */
export function earliest<T extends { on: IsoDate }>(record: Readonly<Record<string, T>>): Sourced<T> | null {
  let best: Sourced<T> | null = null;
  for (const eventId in record) {
    const v = record[eventId]!;
    if (best === null || byDayThenId({ on: v.on, eventId }, best) < 0) best = { ...v, eventId };
  }
  return best;
}

/** The fact in force on `day`: the latest one from on or before it. */
export function latestBy<T extends { on: IsoDate }>(record: Readonly<Record<string, T>>, day: IsoDate): Sourced<T> | null {
  let best: Sourced<T> | null = null;
  for (const eventId in record) {
    const v = record[eventId]!;
    if (v.on <= day && (best === null || byDayThenId({ on: v.on, eventId }, best) > 0)) best = { ...v, eventId };
  }
  return best;
}

/** The person's death, unless grid-records revoked a death recorded for that day. */
export function deathOf(p: PersonFacts): Sourced<{ on: IsoDate; recordedAt: string }> | null {
  const revoked = Object.values(p.revokedDeaths).map((r) => r.on);
  if (revoked.length === 0) return earliest(p.deaths);
  return earliest(Object.fromEntries(Object.entries(p.deaths).filter(([, d]) => !revoked.includes(d.on))));
}

export const gridOn = (f: HouseholdFacts, day: IsoDate): string | null => latestBy(f.grids, day)?.gridId ?? null;
export const movedOutOf = (f: HouseholdFacts) => earliest(f.movedOut);
/** A grade still sealed (not opened for the rule) is not known here. */
export const disabilityGradeOn = (p: PersonFacts, day: IsoDate): number | null => {
  const grade = latestBy(p.disability, day)?.grade;
  return typeof grade === 'number' ? grade : null;
};

/** A status as it stands on a day. */
export interface StatusOnDay {
  caseId: string;
  program: ProgramCode;
  personId: string | null;
  /** Household programs: the members covered on the day. */
  coveredPersonIds: readonly string[];
  class: LivingClass | null;
  careLevel: Grant['careLevel'];
  mode: Grant['mode'];
}

/** The granted status's last day in force, and the event that ended it, or null while it runs. */
export const endOf = (s: StatusFacts) => earliest(s.ends);

/** The status on `day`, or null when it is not in force that day (not yet granted, or ended before). */
export function statusOn(s: StatusFacts, day: IsoDate): StatusOnDay | null {
  const grant = earliest(s.grants);
  const end = endOf(s);
  if (!grant || grant.on > day || (end && end.on < day)) return null;
  const uncovered = new Set(Object.values(s.coverageEnds).filter((c) => c.on < day).map((c) => c.personId));
  return {
    caseId: s.caseId,
    program: s.program,
    personId: s.personId,
    coveredPersonIds: grant.coveredPersonIds.filter((id) => !uncovered.has(id)),
    class: latestBy(s.classChanges, day)?.to ?? grant.class,
    careLevel: grant.careLevel,
    mode: grant.mode,
  };
}

export const statusesOn = (f: HouseholdFacts, day: IsoDate): StatusOnDay[] =>
  Object.values(f.statuses)
    .map((s) => statusOn(s, day))
    .filter((s): s is StatusOnDay => s !== null);

/** The status is the person's own, or a household status that covers them. */
export const holds = (s: StatusOnDay, personId: string): boolean => s.personId === personId || (s.personId === null && s.coveredPersonIds.includes(personId));

/** In force on some day from `from` to `to`: granted by `to` and not ended before `from`. */
export function inForceDuring(s: StatusFacts, from: IsoDate, to: IsoDate): { since: IsoDate } | null {
  const grant = earliest(s.grants);
  const end = endOf(s);
  if (!grant || grant.on > to || (end && end.on < from)) return null;
  return { since: grant.on };
}
