import type { EligibilityRule } from '@grid/contracts';
import { ageOn, type IsoDate } from '../dates';
import type { HouseholdFacts, PersonFacts } from '../facts/household-facts';
import { deathOf, disabilityGradeOn, gridOn, holds, movedOutOf, statusesOn, type StatusOnDay } from '../facts/queries';

/** The clauses of a rule, by the names refusals and explanations use. */
export type Clause = 'in-district' | 'region' | 'registration' | 'programs' | 'alive' | 'in-household' | 'care-level' | 'disability-grade' | 'min-age' | 'max-age';

/** Who a rule admits in a household on a day: the person (null: the household) and the statuses it qualified by. */
export interface Subject {
  personId: string | null;
  basis: string[];
}

export interface Evaluation {
  eligible: Subject[];
  /** Per person (or '' for the household), the clauses it fails: what an enrolment refusal names. */
  unmet: Record<string, Clause[]>;
}

/**
 * Evaluates an eligibility rule over a household's facts on a day. `regionPath`: the household's grid on that day
 * and the regions above it (grid-records' tree, as the application's region directory knows it).
 */
export function evaluate(rule: EligibilityRule, f: HouseholdFacts, day: IsoDate, regionPath: readonly string[]): Evaluation {
  const household: Clause[] = [];
  const moved = movedOutOf(f);
  if (gridOn(f, day) === null || (moved && moved.on <= day)) household.push('in-district');
  if (!rule.regionIds.some((r) => regionPath.includes(r))) household.push('region');
  if (rule.registration && f.registration !== rule.registration) household.push('registration');
  const statuses = statusesOn(f, day).filter((s) => qualifies(rule, s));
  if (rule.subject === 'household') {
    const clauses: Clause[] = [...household];
    if (rule.programs.length > 0 && statuses.length === 0) clauses.push('programs');
    const members = Object.values(f.persons).map((p) => personClauses(rule, p, day, statuses));
    // Nobody meets every person clause: name all the clauses the members fail.
    if (!members.some((u) => u.length === 0)) clauses.push(...(members.length === 0 ? ['alive' as const] : new Set(members.flat())));
    const basis = statuses.map((s) => s.caseId).sort();
    return { eligible: clauses.length === 0 ? [{ personId: null, basis }] : [], unmet: { '': clauses } };
  }
  const unmet: Record<string, Clause[]> = {};
  for (const p of Object.values(f.persons)) unmet[p.personId] = [...household, ...personClauses(rule, p, day, statuses)];
  const eligible = Object.entries(unmet)
    .filter(([, u]) => u.length === 0)
    .map(([personId]) => ({ personId, basis: statuses.filter((s) => holds(s, personId)).map((s) => s.caseId).sort() }))
    .sort((a, b) => (a.personId < b.personId ? -1 : 1));
  return { eligible, unmet };
}

/** A status counts for the rule: its program is named, and a 低保 status is of a class named (when classes are). */
function qualifies(rule: EligibilityRule, s: StatusOnDay): boolean {
  if (!rule.programs.includes(s.program)) return false;
  return !(rule.livingClasses && s.program === 'minimum-living' && (s.class === null || !rule.livingClasses.includes(s.class)));
}

function personClauses(rule: EligibilityRule, p: PersonFacts, day: IsoDate, statuses: StatusOnDay[]): Clause[] {
  const unmet: Clause[] = [];
  const death = deathOf(p);
  if (death && death.on <= day) unmet.push('alive');
  if (Object.values(p.left).some((l) => l.on <= day)) unmet.push('in-household');
  const held = statuses.filter((s) => holds(s, p.personId));
  if (rule.subject === 'person' && rule.programs.length > 0 && held.length === 0) unmet.push('programs');
  if (rule.careLevels && !held.some((s) => s.careLevel !== null && rule.careLevels!.includes(s.careLevel))) unmet.push('care-level');
  const grade = disabilityGradeOn(p, day);
  if (rule.disabilityGradeAtMost !== undefined && (grade === null || grade > rule.disabilityGradeAtMost)) unmet.push('disability-grade');
  const age = ageBounds(p, day);
  if (rule.minAge !== undefined && (age === null || age.least < rule.minAge)) unmet.push('min-age');
  if (rule.maxAge !== undefined && (age === null || age.most > rule.maxAge)) unmet.push('max-age');
  return unmet;
}

/**
 * The age on `day`: exact from a birth date in clear; from the birth year alone, one less than the age turned that
 * year (before the birthday) or that age. A bound the year leaves open fails the clause (the application opens
 * the dates of who turns a rule's age that year). Null: not known.
 */
export function ageBounds(p: Pick<PersonFacts, 'birthDate' | 'birthYear'>, day: IsoDate): { least: number; most: number } | null {
  if (typeof p.birthDate === 'string') {
    const age = ageOn(p.birthDate, day);
    return { least: age, most: age };
  }
  if (p.birthYear === null || p.birthYear === undefined) return null;
  const turns = Number(day.slice(0, 4)) - p.birthYear;
  return { least: turns - 1, most: turns };
}
