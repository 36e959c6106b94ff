import { personSubject } from '@grid/contracts';
import type { PersonalDataVault } from '@grid/platform';
import type { HouseholdFacts, PersonFacts } from '../domain/facts/household-facts';

/** What help-projects declares when it opens grid-records' sealed disability grades (DESIGN "Personal data"). */
export const WHOM_TO_SERVE = { service: 'help-projects', purpose: 'whom-to-serve', by: 'help-projects' } as const;

/**
 * grid-records seals a disability's grade under the person's key (health data, 个人信息保护法 第二十八条): the facts
 * keep it sealed, and a rule's `disabilityGradeAtMost` reads it opened here, each opening recorded by the vault. An
 * erased person's certificate is gone from the facts (nothing left to serve them by).
 */
export async function withOpenGrades(vault: PersonalDataVault, households: HouseholdFacts[]): Promise<HouseholdFacts[]> {
  const sealed = households.flatMap((f) =>
    Object.values(f.persons).flatMap((p) => Object.entries(p.disability).flatMap(([eventId, d]) => (typeof d.grade === 'number' ? [] : [{ p, eventId, grade: d.grade }]))),
  );
  if (sealed.length === 0) return households;
  const opened = await vault.reveal(
    WHOM_TO_SERVE,
    sealed.map((s) => ({ subjectId: personSubject(s.p.personId), sealed: s.grade })),
  );
  const grades = new Map(sealed.map((s, i) => [`${s.p.personId} ${s.eventId}`, opened[i] ?? null]));
  const open = (p: PersonFacts): PersonFacts => {
    const disability = Object.entries(p.disability).flatMap(([eventId, d]) => {
      if (typeof d.grade === 'number') return [[eventId, d] as const];
      const grade = grades.get(`${p.personId} ${eventId}`) ?? null;
      return grade === null ? [] : [[eventId, { on: d.on, grade: Number(grade) }] as const];
    });
    return { ...p, disability: Object.fromEntries(disability) };
  };
  return households.map((f) => ({ ...f, persons: Object.fromEntries(Object.entries(f.persons).map(([id, p]) => [id, open(p)])) }));
}
