import type { ProgramCode, Registration } from '@grid/contracts';
import type { CaseStep, OpenCase } from '../application/assistance/case-steps';
import type { DisabilityKind, IsoDate } from '../domain';

/** The demo district's plan as plain data (plan.ts, households-plan.ts, statuses-plan.ts fill it). */

export interface ResidentPlan {
  relation: 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'grandparent' | 'sibling' | 'child-in-law' | 'other';
  name: string;
  idNumber: string;
  phone?: string;
  birthDate: IsoDate;
  sex: 'male' | 'female';
}

export interface DisabilityPlan {
  member: number;
  kind: DisabilityKind;
  grade: number;
  certifiedOn: IsoDate;
}

export interface HouseholdPlan {
  key: string;
  /** The micro-grid the household lives in. */
  gridKey: string;
  buildingKey?: string;
  address: string;
  registration: Registration;
  rural: boolean;
  registeredOn: IsoDate;
  /** Members at registration; `members[0]` is the head. */
  members: ResidentPlan[];
  /** A child born after registration, added on its birth (members are born by the day they join). */
  births: (ResidentPlan & { on: IsoDate })[];
  disabilities: DisabilityPlan[];
  /** A member's death: `member` indexes `members`; never the head of a household with other members. */
  death?: { member: number; diedOn: IsoDate; evidence: 'death-certificate' | 'hukou-cancellation' | 'cremation-record' };
  /** Assistance cases, in execution order (statuses-plan.ts). */
  cases: CasePlan[];
  visits: VisitPlan[];
}

/** Who takes a step: the household's grid worker, its street/township official, or the district. */
export type StepActor = 'worker' | 'street' | 'district';

export interface CasePlan {
  key: string;
  program: ProgramCode;
  /** Person programs: index into the household's founding members. */
  member?: number;
  open: Omit<OpenCase, 'personId'>;
  steps: { actor: StepActor; step: CaseStep }[];
}

export interface VisitPlan {
  /** Indexes of founding members seen. */
  members: number[];
  visitedOn: IsoDate;
  kind: 'routine' | 'care' | 'follow-up';
  findings: ('all-well' | 'needs-help' | 'health-declined' | 'not-at-home' | 'living-conditions-changed')[];
  note?: string;
}
