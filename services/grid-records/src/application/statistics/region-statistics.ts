import type { LivingClass, ProgramCode } from '@grid/contracts';
import {
  PENDING_STAGES,
  PROGRAMS,
  classOn,
  coveredIn,
  daysBetween,
  inForceDays,
  monthlyAmount,
  standardsFor,
  visitsDue,
  type IsoDate,
  type IsoMonth,
  type StandardsSet,
  type StatusRecord,
  type AssistanceState,
  type VisitDue,
  type VisitSubject,
} from '../../domain';
import type { VisitLookup } from '../../projections/visits/visit-lookup';
import { heldOn } from '../assistance/eligibility-facts';
import type { RegionStatisticsTallies } from '../../projections/region-statistics/region-statistics-tallies';
import type { Tally } from '../../projections/region-statistics/tally';
import type { RegionRecordsReader } from './region-records';

/** One line of the table seed 002 reports (低保 A类 34户86人 …): statuses in force in the month, and what they pay. */
export interface StatisticsRow {
  program: ProgramCode;
  term: string;
  class: LivingClass | null;
  /** Households with such a status (a person status counts the person's household). */
  households: number;
  /** Persons covered (household statuses count each covered member). */
  persons: number;
  /** What these statuses pay for the month, in fen (care registers pay nothing). */
  monthlyFen: number;
}

export interface RegionStatisticsReport {
  regionId: string;
  month: IsoMonth;
  rows: StatisticsRow[];
  totals: { households: number; persons: number; monthlyFen: number };
  /** Applications still being decided, per program (as recorded now). */
  pending: { program: ProgramCode; term: string; cases: number }[];
  /** The standards sets the amounts were computed with. */
  standards: string[];
}

export interface ReviewDue {
  caseId: string;
  program: ProgramCode;
  term: string;
  class: LivingClass | null;
  householdId: string;
  gridId: string;
  personId: string | null;
  nextReviewOn: IsoDate;
  daysOverdue: number;
}

const ORDER = Object.keys(PROGRAMS);
/** Rows in the programs' order (低保 first), as the bureau's tables list them. */
const PROGRAM_ORDER = (p: ProgramCode): number => ORDER.indexOf(p);

/**
 * Region reports from the read models: the statistics table, reviews (复核) due and visits (探访关爱) due.
 * Amounts and in-force days come from the domain (standards/, visits/), so the table and the payment roster
 * agree by construction.
 */
export class RegionStatistics {
  constructor(
    private readonly records: RegionRecordsReader,
    private readonly visits: VisitLookup,
    private readonly standards: readonly StandardsSet[],
    /** `grid_statistics`, kept with these standards (absent: the table is read from `region_cases`). */
    private readonly tallies?: RegionStatisticsTallies,
  ) {}

  /**
   * The table for a region and month: the sum of its grids' tallies (`grid_statistics`), or from `region_cases`
   * (the cases' states) when there is no such model, it is not yet built up to the store's head at start
   * (RegionStatisticsTallies.isBuilt), or a case's standards lookup refuses the month (its refusal is the answer).
   */
  async statistics(regionId: string, month: IsoMonth): Promise<RegionStatisticsReport> {
    if (this.tallies && (await this.tallies.isBuilt())) {
      const { tally, pending } = await this.tallies.of(regionId, month);
      if (!tally.x) return reportOf(regionId, month, tally, pending);
    }
    return this.statisticsFromCases(regionId, month);
  }

  /** The table from `region_cases`, case by case. */
  async statisticsFromCases(regionId: string, month: IsoMonth): Promise<RegionStatisticsReport> {
    return statisticsOf(regionId, month, await this.records.casesIn(regionId), this.standards);
  }

  /** Statuses whose periodic review (复核) falls on or before `asOf` and that are still in force then. */
  async reviewsDue(regionId: string, asOf: IsoDate): Promise<ReviewDue[]> {
    const { households, cases } = await this.records.read(regionId);
    return cases
      .filter((c) => c.nextReviewOn !== null && c.nextReviewOn <= asOf && heldOn(c, asOf))
      .map((c) => ({
        caseId: c.caseId,
        program: c.program,
        term: PROGRAMS[c.program].term,
        class: c.class,
        householdId: c.householdId,
        gridId: households.get(c.householdId)?.gridId ?? '',
        personId: c.personId,
        nextReviewOn: c.nextReviewOn!,
        daysOverdue: daysBetween(c.nextReviewOn!, asOf),
      }))
      .sort((a, b) => a.nextReviewOn.localeCompare(b.nextReviewOn) || a.caseId.localeCompare(b.caseId));
  }

  /** Households whose visit duty (DEFAULT_VISIT_DUTIES) is overdue on `asOf`, the most overdue first. */
  async visitsDue(regionId: string, asOf: IsoDate): Promise<(VisitDue & { term: string })[]> {
    const { households, cases } = await this.records.read(regionId);
    const subjects = new Map<string, VisitSubject>();
    for (const c of cases) {
      const h = households.get(c.householdId);
      if (!h || h.status !== 'active' || !c.grant || !heldOn(c, asOf)) continue;
      const subject = subjects.get(h.householdId) ?? { householdId: h.householdId, gridId: h.gridId, statuses: [] };
      subject.statuses.push({ program: c.program, ...(c.terms.mode ? { mode: c.terms.mode } : {}), since: c.grant.effectiveFrom });
      subjects.set(h.householdId, subject);
    }
    const visits = await this.visits.ofHouseholds([...subjects.keys()]);
    return visitsDue(subjects.values(), visits, asOf).map((d) => ({ ...d, term: PROGRAMS[d.program].term }));
  }
}

/** The statistics table of these cases (a region's) for a month: pure, so any reader of the same cases gives the same table. */
export function statisticsOf(
  regionId: string,
  month: IsoMonth,
  cases: readonly (StatusRecord & Pick<AssistanceState, 'stage'>)[],
  book: readonly StandardsSet[],
): RegionStatisticsReport {
  const rows = new Map<string, StatisticsRow & { householdIds: Set<string> }>();
  const standards = new Set<string>();
  const allHouseholds = new Set<string>();
  for (const c of cases) {
    const days = inForceDays(c, month);
    if (days.length === 0) continue;
    const def = PROGRAMS[c.program];
    const cls = def.classes ? classOn(c, days.at(-1)!.until) : null;
    const key = `${c.program}/${cls ?? ''}`;
    const row = rows.get(key) ?? {
      program: c.program,
      term: def.term,
      class: cls,
      households: 0,
      persons: 0,
      monthlyFen: 0,
      householdIds: new Set(),
    };
    row.householdIds.add(c.householdId);
    allHouseholds.add(c.householdId);
    row.persons += def.subject === 'household' ? coveredIn(c, days).length : 1;
    row.monthlyFen += monthlyAmount(c, book, month);
    rows.set(key, row);
    standards.add(standardsFor(book, c.districtId, days.at(-1)!.until).id);
  }
  const table = [...rows.values()]
    .map(({ householdIds, ...row }) => ({ ...row, households: householdIds.size }))
    .sort((a, b) => PROGRAM_ORDER(a.program) - PROGRAM_ORDER(b.program) || (a.class ?? '').localeCompare(b.class ?? ''));
  const pending = new Map<ProgramCode, number>();
  for (const c of cases) if (PENDING_STAGES.includes(c.stage)) pending.set(c.program, (pending.get(c.program) ?? 0) + 1);
  return {
    regionId,
    month,
    rows: table,
    totals: {
      households: allHouseholds.size,
      persons: table.reduce((t, r) => t + r.persons, 0),
      monthlyFen: table.reduce((t, r) => t + r.monthlyFen, 0),
    },
    pending: [...pending.entries()]
      .sort(([a], [b]) => PROGRAM_ORDER(a) - PROGRAM_ORDER(b))
      .map(([program, n]) => ({ program, term: PROGRAMS[program].term, cases: n })),
    standards: [...standards].sort(),
  };
}

/** The statistics table from summed household tallies (`grid_statistics`): what statisticsOf gives for the same cases. */
export function reportOf(regionId: string, month: IsoMonth, tally: Tally, pendingCounts: Record<string, number>): RegionStatisticsReport {
  const rows: StatisticsRow[] = Object.entries(tally.r ?? {})
    .map(([key, [households, persons, monthlyFen]]) => {
      const [program, cls] = key.split('/') as [ProgramCode, string];
      return { program, term: PROGRAMS[program].term, class: (cls || null) as LivingClass | null, households, persons, monthlyFen };
    })
    .sort((a, b) => PROGRAM_ORDER(a.program) - PROGRAM_ORDER(b.program) || (a.class ?? '').localeCompare(b.class ?? ''));
  return {
    regionId,
    month,
    rows,
    totals: {
      households: tally.h ?? 0,
      persons: rows.reduce((t, r) => t + r.persons, 0),
      monthlyFen: rows.reduce((t, r) => t + r.monthlyFen, 0),
    },
    pending: (Object.entries(pendingCounts) as [ProgramCode, number][])
      .sort(([a], [b]) => PROGRAM_ORDER(a) - PROGRAM_ORDER(b))
      .map(([program, n]) => ({ program, term: PROGRAMS[program].term, cases: n })),
    standards: Object.keys(tally.s ?? {}).sort(),
  };
}
