import { personSubject, type EligibilityRule, type Sealed } from '@grid/contracts';
import type { PersonalDataVault } from '@grid/platform';
import { ageBounds } from '../domain/eligibility/evaluate';
import type { HouseholdFacts, PersonFacts } from '../domain/facts/household-facts';
import type { IsoDate } from '../domain/dates';
import { WHOM_TO_SERVE } from './disability-grades';

/** The year leaves the rule's age undecided on `day`: the person turns `minAge` or `maxAge + 1` that year. */
const undecided = (rule: EligibilityRule, p: PersonFacts, day: IsoDate): boolean => {
  const age = ageBounds(p, day);
  if (age === null || age.least === age.most) return false;
  return (rule.minAge !== undefined && age.least < rule.minAge && age.most >= rule.minAge) || (rule.maxAge !== undefined && age.least <= rule.maxAge && age.most > rule.maxAge);
};

/**
 * grid-records seals birth dates under the person's key and publishes the year in clear: a rule's `minAge`/`maxAge`
 * is decided by the year but for who turns that age in the year of `day`, whose date is opened here (one recorded
 * reveal, purpose `whom-to-serve`). An erased person's date stays unknown (the clause fails).
 */
export async function withBirthDatesFor(vault: PersonalDataVault, rule: EligibilityRule, day: IsoDate, households: HouseholdFacts[]): Promise<HouseholdFacts[]> {
  if (rule.minAge === undefined && rule.maxAge === undefined) return households;
  const sealed = households.flatMap((f) =>
    Object.values(f.persons).flatMap((p) => (p.birthDate !== null && typeof p.birthDate !== 'string' && undecided(rule, p, day) ? [{ p, sealed: p.birthDate }] : [])),
  );
  if (sealed.length === 0) return households;
  const opened = await vault.reveal(
    WHOM_TO_SERVE,
    sealed.map((s): { subjectId: string; sealed: Sealed } => ({ subjectId: personSubject(s.p.personId), sealed: s.sealed })),
  );
  const dates = new Map(sealed.map((s, i) => [s.p.personId, opened[i] ?? null]));
  const open = (p: PersonFacts): PersonFacts => (dates.has(p.personId) ? { ...p, birthDate: dates.get(p.personId) ?? null } : p);
  return households.map((f) => ({ ...f, persons: Object.fromEntries(Object.entries(f.persons).map(([id, p]) => [id, open(p)])) }));
}
