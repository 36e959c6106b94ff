import type { Actor, EligibilityRule, EnrolmentEndCause, ProjectCategory } from '@grid/contracts';
import type { MemberFacts } from '../consortium/member';
import type { IsoDate } from '../dates';
import type { EventsOf, HelpProjectsEventType } from '../events';
import type { HouseholdFacts } from '../facts/household-facts';

export interface Enrolment {
  enrolmentId: string;
  householdId: string;
  personId: string | null;
  basis: readonly string[];
  on: IsoDate;
  end: { endedOn: IsoDate; cause: EnrolmentEndCause; causeEventId: string | null } | null;
}

export interface ServiceRecord {
  serviceId: string;
  enrolmentId: string;
  personId: string;
  memberId: string;
  servedOn: IsoDate;
  personTimes: number;
  costFen: number;
  /** The grid-records event that put it up for review, once flagged. */
  flaggedBy: string | null;
}

/** One help project. Evolve never changes a state: it returns a new one. */
export interface Project {
  projectId: string;
  memberId: string;
  category: ProjectCategory;
  rule: EligibilityRule;
  capacity: number;
  from: IsoDate;
  until: IsoDate;
  creditedFen: number;
  spentFen: number;
  allocations: Readonly<Record<string, number>>;
  enrolments: Readonly<Record<string, Enrolment>>;
  services: Readonly<Record<string, ServiceRecord>>;
}

export type ProjectState = Project | null;

export type ProjectEvent = EventsOf<Extract<HelpProjectsEventType, `help-projects.project.${string}`>>;

interface Step {
  by: Actor;
  on: IsoDate;
}

/**
 * Commands on `project-<projectId>`. What a decision needs from elsewhere comes in the command, read by the
 * application: the member (from the members' read model), the household's facts (from grid-records' events) and
 * the region path of its grid (from the region directory).
 */
export type ProjectCommand = Step &
  (
    | { type: 'publish'; projectId: string; member: MemberFacts | null; title: string; category: ProjectCategory; rule: EligibilityRule; capacity: number; from: IsoDate; until: IsoDate }
    /** From a charity allocation to this project (charity.fund.allocated, recipient kind project). */
    | { type: 'credit-budget'; allocationId: string; amountFen: number }
    | { type: 'enrol'; enrolmentId: string; householdId: string; personId: string | null; consent: Consent; facts: HouseholdFacts; regionPath: readonly string[] }
    | { type: 'withdraw'; enrolmentId: string }
    /** A grid-records event changed the household's facts: end its enrolments by rule, flag services after the end. */
    | { type: 'apply-household-facts'; facts: HouseholdFacts }
    | { type: 'record-service'; serviceId: string; enrolmentId: string; personId: string; member: MemberFacts | null; servedOn: IsoDate; personTimes: number; costFen: number; facts: HouseholdFacts }
  );

export type Consent = { givenBy: 'self' | 'guardian' | 'head-of-household'; on: IsoDate; documentRef: string };
