import type { ProgramCode } from './events/grid-records/common';

/** How often a status obliges a visit (探访关爱). grid-records' visitsDue and help-projects' 探访关爱率 read the same list. */
export interface VisitDuty {
  program: ProgramCode;
  /** Only statuses with this support mode (e.g. 分散供养 at home; an institution cares for the others). */
  mode?: 'dispersed' | 'centralized';
  everyDays: number;
  source: string;
}

/**
 * Default duties. The seeds ask for regular visits (seed 002 定期探访制度 for dispersed 特困; seed 003 wants a
 * 100% 探访关爱率) without frequencies; the frequencies are our assumptions: weekly for solitary elderly
 * (seed 002's 长者热线 called them weekly), monthly for the other vulnerable persons, quarterly for 监测户.
 */
export const DEFAULT_VISIT_DUTIES: readonly VisitDuty[] = [
  { program: 'solitary-elderly', everyDays: 7, source: 'assumption (seed 002: 每周一次 contact with elderly)' },
  { program: 'left-behind-elderly', everyDays: 30, source: 'assumption' },
  { program: 'extreme-poverty', mode: 'dispersed', everyDays: 30, source: 'seed 002 定期探访制度; frequency assumed' },
  { program: 'orphan', mode: 'dispersed', everyDays: 30, source: 'assumption' },
  { program: 'unsupported-child', everyDays: 30, source: 'assumption' },
  { program: 'child-in-difficulty', everyDays: 30, source: 'assumption' },
  { program: 'left-behind-child', everyDays: 30, source: 'assumption' },
  { program: 'monitored', everyDays: 90, source: 'assumption' },
];
