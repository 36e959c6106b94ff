import { DEFAULT_VISIT_DUTIES, type ProgramCode, type VisitDuty } from '@grid/contracts';
import { addDays, daysBetween, type IsoDate } from '../shared/dates';

/** The duties are part of the published language (contracts/src/visit-duties.ts): help-projects' 探访关爱率 counts them too. */
export { DEFAULT_VISIT_DUTIES, type VisitDuty };

/** A household with the statuses in force for it or its members, as the application layer reads them. */
export interface VisitSubject {
  householdId: string;
  gridId: string;
  statuses: { program: ProgramCode; mode?: 'dispersed' | 'centralized'; since: IsoDate }[];
}

export interface VisitDue {
  householdId: string;
  gridId: string;
  program: ProgramCode;
  everyDays: number;
  lastVisitOn: IsoDate | null;
  dueOn: IsoDate;
  daysOverdue: number;
}

/**
 * Households whose visit is overdue on `asOf`: the next visit is due `everyDays` after the last visit (or
 * after the status began, if nobody has visited since). Visits after `asOf` are ignored, so the list can be
 * asked as of any past date. The most overdue first.
 */
export function visitsDue(
  households: Iterable<VisitSubject>,
  visits: Iterable<{ householdId: string; visitedOn: IsoDate }>,
  asOf: IsoDate,
  duties: readonly VisitDuty[] = DEFAULT_VISIT_DUTIES,
): VisitDue[] {
  const last = new Map<string, IsoDate>();
  for (const v of visits) {
    if (v.visitedOn > asOf) continue;
    const seen = last.get(v.householdId);
    if (!seen || v.visitedOn > seen) last.set(v.householdId, v.visitedOn);
  }
  const due: VisitDue[] = [];
  for (const h of households) {
    const lastVisitOn = last.get(h.householdId) ?? null;
    let worst: VisitDue | null = null;
    for (const st of h.statuses) {
      if (st.since > asOf) continue;
      for (const d of duties) {
        if (d.program !== st.program || (d.mode && d.mode !== st.mode)) continue;
        const from = lastVisitOn !== null && lastVisitOn >= st.since ? lastVisitOn : st.since;
        const dueOn = addDays(from, d.everyDays);
        if (!worst || dueOn < worst.dueOn)
          worst = {
            householdId: h.householdId,
            gridId: h.gridId,
            program: d.program,
            everyDays: d.everyDays,
            lastVisitOn,
            dueOn,
            daysOverdue: daysBetween(dueOn, asOf),
          };
      }
    }
    if (worst && worst.dueOn < asOf) due.push(worst);
  }
  return due.sort((a, b) => b.daysOverdue - a.daysOverdue || a.householdId.localeCompare(b.householdId));
}
