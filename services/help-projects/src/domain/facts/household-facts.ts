import type { EligibilityRule, LivingClass, ProgramCode, Registration, Sealed } from '@grid/contracts';
import type { IsoDate } from '../dates';

/**
 * What help-projects knows of a household from grid-records' events: the eligibility fact model. Every fact is
 * kept under the id of the event that says it, and read as the earliest (an end, a death) or the latest on a day
 * (a grid, a disability grade), so the same events give the same facts in any order, and twice the same as once.
 */
type CareLevel = NonNullable<EligibilityRule['careLevels']>[number];

export interface HouseholdFacts {
  householdId: string;
  registration: Registration | null;
  /** eventId → the grid the household is in from `on` (registered, transferred). */
  grids: Readonly<Record<string, { gridId: string; on: IsoDate }>>;
  persons: Readonly<Record<string, PersonFacts>>;
  statuses: Readonly<Record<string, StatusFacts>>;
  /** eventId → moved out of the district (迁出) on `on`. */
  movedOut: Readonly<Record<string, { on: IsoDate }>>;
  /** visitId → the visit (走访/探访关爱). */
  visits: Readonly<Record<string, { on: IsoDate; eventId: string }>>;
}

export interface PersonFacts {
  personId: string;
  /**
   * As grid-records publishes it: sealed under the person's key (clear in its v1 events), opened by the application
   * only for who turns a rule's age in the year of the day it is judged on (application/birth-dates.ts); the year decides the rest.
   */
  birthDate: IsoDate | Sealed | null;
  birthYear: number | null;
  /** eventId → died on `on`, recorded at `recordedAt` (a death may be recorded months late). */
  deaths: Readonly<Record<string, { on: IsoDate; recordedAt: string }>>;
  /** eventId → the death on `on` was revoked (撤销死亡登记). */
  revokedDeaths: Readonly<Record<string, { on: IsoDate }>>;
  /** eventId → left the household on `on`. */
  left: Readonly<Record<string, { on: IsoDate }>>;
  /**
   * eventId → disability certificate (残疾证) of `grade` from `on`: sealed under the person's key as grid-records
   * publishes it (health data), opened for the rules by the application (application/disability-grades.ts).
   */
  disability: Readonly<Record<string, { on: IsoDate; grade: number | Sealed }>>;
}

/** One assistance case (grid-records `assistance-<caseId>`) as far as its status goes. */
export interface StatusFacts {
  caseId: string;
  program: ProgramCode;
  /** The person of a person program; null for a household program (低保, 边缘, 监测户). */
  personId: string | null;
  /** eventId → granted from `on`. */
  grants: Readonly<Record<string, Grant>>;
  /** eventId → 低保 class from `on`. */
  classChanges: Readonly<Record<string, { on: IsoDate; to: LivingClass }>>;
  /** eventId → last day in force `on` (exited, cancelled, ended). */
  ends: Readonly<Record<string, { on: IsoDate }>>;
  /** eventId → `personId` no longer covered after `on` (household programs). */
  coverageEnds: Readonly<Record<string, { on: IsoDate; personId: string }>>;
}

export interface Grant {
  on: IsoDate;
  coveredPersonIds: readonly string[];
  class: LivingClass | null;
  careLevel: CareLevel | null;
  mode: 'dispersed' | 'centralized' | null;
}

export const noFacts = (householdId: string): HouseholdFacts => ({
  householdId,
  registration: null,
  grids: {},
  persons: {},
  statuses: {},
  movedOut: {},
  visits: {},
});

export const noPerson = (personId: string): PersonFacts => ({ personId, birthDate: null, birthYear: null, deaths: {}, revokedDeaths: {}, left: {}, disability: {} });
