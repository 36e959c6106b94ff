import type {
  LivingClass,
  ProgramCode,
  Registration,
  assistanceApplied,
  assistanceEnded,
} from '@grid/contracts';
import type { Sealed } from '@grid/contracts';
import type { IsoDate, IsoMonth } from '../shared/dates';
import type { Horizon } from '../shared/horizon';
import type { GrantStart } from '../standards/types';
import type { Actor, DataOf, Evt, EventOf } from '../shared/events';

export type AppliedData = DataOf<typeof assistanceApplied>;
export type EndCause = DataOf<typeof assistanceEnded>['cause'];
/** Program-specific terms: support mode, care level, caregiver agreement, institution, one-off amount, veteran category. */
export type Terms = Pick<AppliedData, 'mode' | 'careLevel' | 'caregiverAgreement' | 'institution' | 'amountFen' | 'veteranCategory'>;

/**
 * What the application layer read from the read models for an application: deciders stay pure, and the
 * facts are kept in the applied event so an auditor sees what was known when.
 */
export interface EligibilityFacts {
  asOf: IsoDate;
  registration: Registration;
  districtId: string;
  /** The person's birth date (person programs), opened by the application for the age rules. */
  birthDate: IsoDate | null;
  /** The same date as recorded, sealed under the person's key: what the applied event carries. */
  sealedBirthDate: Sealed | null;
  /** The person's current disability certificate grade 1–4, if any. */
  disabilityGrade: number | null;
  /** Statuses the person holds in force today. */
  personPrograms: ProgramCode[];
  /** Statuses of the person's household in force today (低保, 边缘, 监测户). */
  householdPrograms: ProgramCode[];
  /** 近亲属备案: the applicant (or a covered member) is registered as an official's close relative. */
  officialRelative: boolean;
  /** Household programs: the members to be covered who hold 特困 in force (not counted in 低保 as well). */
  coveredUnderExtremePoverty: string[];
}

interface Step {
  by: Actor;
  /** Today and the configured lead (shared/horizon.ts); absent in rule tests that are not about the calendar. */
  horizon?: Horizon;
}

export type AssistanceCommand =
  | (Step & {
      type: 'apply';
      caseId: string;
      program: ProgramCode;
      householdId: string;
      personId?: string;
      coveredPersonIds?: string[];
      class?: LivingClass;
      appliedOn: IsoDate;
      facts: EligibilityFacts;
    } & Terms)
  | (Step & { type: 'record-home-check'; on: IsoDate; findings: string[]; note?: Sealed })
  | (Step & { type: 'review'; on: IsoDate; recommended: boolean; class?: LivingClass; amountFen?: number; reason?: string })
  | (Step & { type: 'publish-notice'; from: IsoDate; days: number })
  | (Step & { type: 'raise-objection'; objectionId: string; on: IsoDate; grounds: string })
  | (Step & { type: 'decide-objection'; objectionId: string; on: IsoDate; upheld: boolean; reason: string })
  /** `grantStart`: the rule of the standards set in force on the decision day (read by the application layer). */
  | (Step & { type: 'approve'; decidedOn: IsoDate; effectiveFrom: IsoDate; class?: LivingClass; amountFen?: number; grantStart?: GrantStart })
  | (Step & { type: 'reject'; on: IsoDate; reason: string })
  | (Step & { type: 'change-class'; to: LivingClass; effectiveFrom: IsoDate; reason: string })
  | (Step & { type: 'complete-review'; on: IsoDate })
  | (Step & { type: 'suspend'; on: IsoDate; reason: string })
  | (Step & { type: 'resume'; on: IsoDate; reason: string })
  /** `endedOn`: the last day in force. */
  | (Step & { type: 'exit'; endedOn: IsoDate; reason: string })
  | (Step & { type: 'cancel'; endedOn: IsoDate; reason: string })
  /** Issued by the rules (process managers), usually with the system actor. */
  | (Step & { type: 'end'; endedOn: IsoDate; cause: EndCause })
  | (Step & { type: 'end-coverage'; personId: string; endedOn: IsoDate; cause: EndCause; rule?: { rule: string; source: string } })
  | (Step & { type: 'flag'; on: IsoDate; registrationId: string })
  /** Issued by the rules when a death that ended the status (or the person's coverage) is revoked. */
  | (Step & { type: 'open-payment-review'; personId: string; diedOn: IsoDate; revokedOn: IsoDate });

export type AssistanceEvent =
  | Evt<'grid-records.assistance.applied', AppliedData>
  | EventOf<'grid-records.assistance.home-checked'>
  | EventOf<'grid-records.assistance.reviewed'>
  | EventOf<'grid-records.assistance.notice-published'>
  | EventOf<'grid-records.assistance.objection-raised'>
  | EventOf<'grid-records.assistance.objection-decided'>
  | EventOf<'grid-records.assistance.approved'>
  | EventOf<'grid-records.assistance.rejected'>
  | EventOf<'grid-records.assistance.class-changed'>
  | EventOf<'grid-records.assistance.review-completed'>
  | EventOf<'grid-records.assistance.suspended'>
  | EventOf<'grid-records.assistance.resumed'>
  | EventOf<'grid-records.assistance.exited'>
  | EventOf<'grid-records.assistance.cancelled'>
  | EventOf<'grid-records.assistance.ended'>
  | EventOf<'grid-records.assistance.coverage-ended'>
  | EventOf<'grid-records.assistance.flagged'>
  | EventOf<'grid-records.assistance.payment-review-opened'>;

export type Stage =
  | 'none'
  /** waiting for the home check (入户核查) */
  | 'applied'
  /** waiting for the township review (审核): after the home check, or after an upheld objection */
  | 'awaiting-review'
  | 'reviewed'
  | 'noticed'
  | 'active'
  | 'suspended'
  | 'rejected'
  | 'exited'
  | 'cancelled'
  | 'ended';

export const PENDING_STAGES: readonly Stage[] = ['applied', 'awaiting-review', 'reviewed', 'noticed'];
export const FINAL_STAGES: readonly Stage[] = ['rejected', 'exited', 'cancelled', 'ended'];

export interface AssistanceState {
  stage: Stage;
  caseId: string;
  program: ProgramCode;
  householdId: string;
  personId: string | null;
  registration: Registration;
  districtId: string;
  /** Person programs: the birth year, and its month where the program's rules count months (高龄 bands); the day stays sealed in the event. */
  birthYear: number | null;
  birthMonth: IsoMonth | null;
  class: LivingClass | null;
  terms: Terms;
  appliedOn: IsoDate;
  flagged: boolean;
  /** Date of the latest procedural step: steps do not go back in time. */
  lastStepOn: IsoDate;
  /** `by`: the reviewing official's id, who may not also decide the case (four eyes). */
  review: { on: IsoDate; by: string; recommended: boolean; class: LivingClass | null; amountFen?: number } | null;
  notice: { from: IsoDate; until: IsoDate } | null;
  objections: { objectionId: string; raisedOn: IsoDate; decided: { on: IsoDate; upheld: boolean } | null }[];
  grant: { effectiveFrom: IsoDate; decidedOn: IsoDate; approverLevel: 'township' | 'district' } | null;
  classHistory: { from: IsoDate; class: LivingClass }[];
  /** Inclusive suspended days; until null while still suspended. */
  suspensions: { from: IsoDate; until: IsoDate | null }[];
  /** Household programs: covered members and the last day each is covered (null: still covered). */
  coverage: { personId: string; until: IsoDate | null }[];
  /** Last day in force, once ended by any means. */
  endedOn: IsoDate | null;
  /** Latest status change (suspend, resume, class change, review): later ones may not precede it. */
  lastChangeOn: IsoDate;
  nextReviewOn: IsoDate | null;
  /** Payments a revoked death stopped, for an official to review (补发 or not): one per revoked death. */
  paymentReviews: { personId: string; diedOn: IsoDate; revokedOn: IsoDate }[];
}
