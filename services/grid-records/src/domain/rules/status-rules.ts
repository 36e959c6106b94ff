import type { ProgramCode, assistanceApproved, officialRelativeRegistered } from '@grid/contracts';
import { ADULT_AGE, CHILD_PROGRAMS, SOURCES } from '../assistance/programs';
import { addDays, birthdayAt, type IsoDate } from '../shared/dates';
import type { DataOf } from '../shared/events';
import { RULES_ACTOR, caseStream, coverageEndsEarlier, endsEarlier, isOpen, type CaseView, type Issued } from './types';

const TWO_SUBSIDIES: readonly ProgramCode[] = ['disability-living', 'disability-care'];

/**
 * 特困 persons do not receive the two disability subsidies (seed 002): granting 特困 ends them (and any
 * pending application for them) on the day before 特困 takes effect. Nor are they counted in their household's
 * 低保 (no double benefit): from the same day the household's 低保 no longer covers them, and is paid for the others.
 */
export function onAssistanceApproved(approved: DataOf<typeof assistanceApproved>, cases: Iterable<CaseView>): Issued[] {
  if (approved.program !== 'extreme-poverty' || approved.personId === null) return [];
  const personId = approved.personId;
  const lastDay = addDays(approved.effectiveFrom, -1);
  const all = [...cases];
  const subsidies: Issued[] = all
    .filter((c) => TWO_SUBSIDIES.includes(c.program) && c.personId === personId && endsEarlier(c, lastDay))
    .map((c) => ({
      streamId: caseStream(c.caseId),
      command: { type: 'end', endedOn: lastDay, cause: 'extreme-poverty-granted', by: RULES_ACTOR },
    }));
  const rule = { rule: 'no-double-benefit', source: SOURCES.noDoubleBenefit };
  const living: Issued[] = all
    .filter((c) => c.program === 'minimum-living' && coverageEndsEarlier(c, personId, lastDay))
    .map((c) => ({
      streamId: caseStream(c.caseId),
      command: { type: 'end-coverage', personId, endedOn: lastDay, cause: 'extreme-poverty-granted', rule, by: RULES_ACTOR },
    }));
  return [...subsidies, ...living];
}

/** 近亲属备案 filed while cases are open: they are flagged, so the district, not the township, decides. */
export function onOfficialRelativeRegistered(registered: DataOf<typeof officialRelativeRegistered>, cases: Iterable<CaseView>): Issued[] {
  return [...cases]
    .filter(
      (c) => isOpen(c) && !c.flagged && (c.personId === registered.personId || c.coverage.some((m) => m.personId === registered.personId)),
    )
    .map((c) => ({
      streamId: caseStream(c.caseId),
      command: { type: 'flag', on: registered.on, registrationId: registered.registrationId, by: RULES_ACTOR },
    }));
}

/** Children's cases that may have aged out by `asOf` (18 this year or before): the application opens their birth dates for agedOut. */
export const mayHaveAgedOut = (c: CaseView, asOf: IsoDate): boolean =>
  CHILD_PROGRAMS.includes(c.program) && c.birthYear !== null && c.birthYear + ADULT_AGE <= Number(asOf.slice(0, 4));

/**
 * Children's statuses end the day before the 18th birthday; run daily (or on any date) with the date of the run.
 * `birthDates`: by person id, the dates the application opened (the case carries the year only).
 */
export function agedOut(cases: Iterable<CaseView>, asOf: IsoDate, birthDates: ReadonlyMap<string, IsoDate>): Issued[] {
  const issued: Issued[] = [];
  for (const c of cases) {
    const birthDate = c.personId === null ? undefined : birthDates.get(c.personId);
    if (!mayHaveAgedOut(c, asOf) || !birthDate) continue;
    const adult = birthdayAt(birthDate, ADULT_AGE);
    const lastDay = addDays(adult, -1);
    if (adult <= asOf && endsEarlier(c, lastDay))
      issued.push({ streamId: caseStream(c.caseId), command: { type: 'end', endedOn: lastDay, cause: 'aged-out', by: RULES_ACTOR } });
  }
  return issued;
}
