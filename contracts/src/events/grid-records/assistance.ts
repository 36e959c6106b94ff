import { z } from 'zod';
import { BirthDateSchema, BirthYearSchema, SealedSchema, sealedSinceV2, yearOf } from '../../personal-data';
import { defineEvent } from '../../registry';
import {
  ApproverLevelSchema,
  By,
  CareLevelSchema,
  DisabilityGradeSchema,
  EndCauseSchema,
  Fen,
  Id,
  IsoDate,
  LivingClassSchema,
  ProgramSchema,
  RegistrationSchema,
  StatusRefShape,
  SupportModeSchema,
} from './common';

// Stream `assistance-<caseId>`: one case per application, from 申请 to the status' end.

const Reason = z.string().min(1).max(2000);

/** Program-specific terms of a status: only the ones its program uses are present. */
const TermsShape = {
  /** 特困 / 孤儿: 分散 at home or 集中 in an institution. */
  mode: SupportModeSchema.optional(),
  /** 特困: 自理 / 半失能 / 失能. */
  careLevel: CareLevelSchema.optional(),
  /** 照料护理协议 for a 失能/半失能 特困 person supported at home. */
  caregiverAgreement: z.object({ agreementId: Id, caregiverName: SealedSchema, signedOn: IsoDate }).optional(),
  /** 敬老院 or other institution for 集中供养. */
  institution: z.string().min(1).max(200).optional(),
  /** 临时救助: one-off amount in fen. */
  amountFen: Fen.optional(),
  /** 优抚对象 category, as the veterans' affairs bureau names it. */
  veteranCategory: z.string().min(1).max(100).optional(),
};

export const assistanceAppliedV1 = defineEvent({
  type: 'grid-records.assistance.applied',
  schemaVersion: 1,
  description: 'An application (申请) for an assistance status, with the eligibility facts known when it was made.',
  data: z.object({
    caseId: Id,
    program: ProgramSchema,
    householdId: Id,
    personId: Id.nullable(),
    /** Household programs: the members the status covers (单人户 may cover one member only). */
    coveredPersonIds: z.array(Id),
    registration: RegistrationSchema,
    districtId: Id,
    /** Person programs: in clear in v1 (sealed since v2). */
    birthDate: BirthDateSchema.nullable(),
    class: LivingClassSchema.nullable(),
    ...TermsShape,
    appliedOn: IsoDate,
    /** 近亲属备案: the applicant is a registered close relative of an official; district approval required. */
    officialRelative: z.boolean(),
    /** What the application layer read from the read models: the basis of the decision, for auditors. */
    facts: z.object({
      asOf: IsoDate,
      disabilityGrade: DisabilityGradeSchema.nullable(),
      personPrograms: z.array(ProgramSchema),
      householdPrograms: z.array(ProgramSchema),
    }),
    by: By,
  }),
});

/**
 * Programs whose rules count the person's age by month in read models that hold no key (高龄补贴's age bands in the
 * payment roster and grid statistics): their applied event carries `birthMonth` in clear. Other programs judge age
 * on a day (the application opens the date) or not at all, so their events carry the year only.
 */
export const BIRTH_MONTH_PROGRAMS: readonly string[] = ['advanced-age'];

/** `YYYY-MM` of a birth date, carried only for BIRTH_MONTH_PROGRAMS. */
export const BirthMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'birthMonth is YYYY-MM');

/** The clear year and, where the program's rules need it, month of a birth date (v1 → v2, and writers). */
export const birthPrecision = (program: string, birthDate: string | null): { birthYear: number | null; birthMonth?: string } =>
  birthDate === null
    ? { birthYear: null }
    : { birthYear: yearOf(birthDate), ...(BIRTH_MONTH_PROGRAMS.includes(program) ? { birthMonth: birthDate.slice(0, 7) } : {}) };

export const assistanceApplied = defineEvent({
  ...assistanceAppliedV1,
  schemaVersion: 2,
  description: `${assistanceAppliedV1.description} v2: a person program's birth date sealed under the person's key, \`birthYear\` in clear, \`birthMonth\` too where the program's rules count months (BIRTH_MONTH_PROGRAMS).`,
  data: assistanceAppliedV1.data.extend({
    birthDate: sealedSinceV2(BirthDateSchema).nullable(),
    birthYear: BirthYearSchema.nullable(),
    birthMonth: BirthMonthSchema.optional(),
  }),
  // v1 keeps its clear date as written (history is not rewritten); the year and month are added beside it.
  upcastFrom: (previous) => ({ ...previous, ...birthPrecision(String(previous.program), (previous.birthDate as string | null) ?? null) }),
});

export const assistanceHomeChecked = defineEvent({
  type: 'grid-records.assistance.home-checked',
  schemaVersion: 1,
  description: 'The home check (入户核查) was done: finding codes and a sealed note.',
  data: z.object({ caseId: Id, on: IsoDate, findings: z.array(z.string().min(1).max(100)), note: SealedSchema.optional(), by: By }),
});

export const assistanceReviewed = defineEvent({
  type: 'grid-records.assistance.reviewed',
  schemaVersion: 1,
  description: 'The township / sub-district review (乡镇/街道审核) recommended approval or not.',
  data: z.object({
    caseId: Id,
    on: IsoDate,
    recommended: z.boolean(),
    class: LivingClassSchema.nullable(),
    amountFen: Fen.optional(),
    reason: Reason.optional(),
    by: By,
  }),
});

export const assistanceNoticePublished = defineEvent({
  type: 'grid-records.assistance.notice-published',
  schemaVersion: 1,
  description: 'The public notice (公示) in the village / community ran from `from` to `until` (inclusive, at least 7 days).',
  data: z.object({ caseId: Id, from: IsoDate, until: IsoDate, by: By }),
});

export const assistanceObjectionRaised = defineEvent({
  type: 'grid-records.assistance.objection-raised',
  schemaVersion: 1,
  description: 'An objection (异议) was raised during the public notice.',
  data: z.object({ caseId: Id, objectionId: Id, on: IsoDate, grounds: Reason, by: By }),
});

export const assistanceObjectionDecided = defineEvent({
  type: 'grid-records.assistance.objection-decided',
  schemaVersion: 1,
  description: 'An objection was decided; an upheld objection sends the case back to township review.',
  data: z.object({ caseId: Id, objectionId: Id, on: IsoDate, upheld: z.boolean(), reason: Reason, by: By }),
});

export const assistanceApproved = defineEvent({
  type: 'grid-records.assistance.approved',
  schemaVersion: 1,
  description: 'The status was granted (审批通过) from `effectiveFrom`: the event other services subscribe to.',
  data: z.object({
    ...StatusRefShape,
    coveredPersonIds: z.array(Id),
    registration: RegistrationSchema,
    districtId: Id,
    effectiveFrom: IsoDate,
    decidedOn: IsoDate,
    approverLevel: ApproverLevelSchema,
    ...TermsShape,
    /** Next periodic review (复核) due, for programs with a review calendar. */
    nextReviewOn: IsoDate.nullable(),
    officialRelative: z.boolean(),
    by: By,
  }),
});

export const assistanceRejected = defineEvent({
  type: 'grid-records.assistance.rejected',
  schemaVersion: 1,
  description: 'The application was rejected (不予批准), with the reason given to the applicant.',
  data: z.object({ ...StatusRefShape, on: IsoDate, reason: Reason, by: By }),
});

export const assistanceClassChanged = defineEvent({
  type: 'grid-records.assistance.class-changed',
  schemaVersion: 1,
  description: '低保 class changed from a date: up (提标 C→B, B→A, C→A) or down (降档).',
  data: z.object({
    ...StatusRefShape,
    from: LivingClassSchema,
    to: LivingClassSchema,
    direction: z.enum(['up', 'down']),
    effectiveFrom: IsoDate,
    nextReviewOn: IsoDate.nullable(),
    reason: Reason,
    by: By,
  }),
});

export const assistanceReviewCompleted = defineEvent({
  type: 'grid-records.assistance.review-completed',
  schemaVersion: 1,
  description: 'The periodic review (复核) found the status should continue; the next review date is computed from the calendar.',
  data: z.object({ ...StatusRefShape, on: IsoDate, nextReviewOn: IsoDate, by: By }),
});

export const assistanceSuspended = defineEvent({
  type: 'grid-records.assistance.suspended',
  schemaVersion: 1,
  description: 'Payment of the status was suspended (暂停) from `on`.',
  data: z.object({ ...StatusRefShape, on: IsoDate, reason: Reason, by: By }),
});

export const assistanceResumed = defineEvent({
  type: 'grid-records.assistance.resumed',
  schemaVersion: 1,
  description: 'A suspended status was resumed (恢复) from `on`.',
  data: z.object({ ...StatusRefShape, on: IsoDate, reason: Reason, by: By }),
});

export const assistanceExited = defineEvent({
  type: 'grid-records.assistance.exited',
  schemaVersion: 1,
  description: 'The status ended by decision (退出) because the recipient no longer qualifies; `endedOn` is the last day in force.',
  data: z.object({ ...StatusRefShape, endedOn: IsoDate, reason: Reason, by: By }),
});

export const assistanceCancelled = defineEvent({
  type: 'grid-records.assistance.cancelled',
  schemaVersion: 1,
  description:
    'The case was cancelled (注销): an application withdrawn, or a status annulled (e.g. 人情保); `endedOn` is the last day in force, before the grant when it never should have been.',
  data: z.object({ ...StatusRefShape, endedOn: IsoDate, wasGranted: z.boolean(), reason: Reason, by: By }),
});

export const assistanceEnded = defineEvent({
  type: 'grid-records.assistance.ended',
  schemaVersion: 1,
  description:
    'The status (or pending application) ended by rule: death, moving out, 特困 granted, age limit; `endedOn` is the last day in force.',
  data: z.object({ ...StatusRefShape, endedOn: IsoDate, cause: EndCauseSchema, by: By }),
});

export const assistanceCoverageEnded = defineEvent({
  type: 'grid-records.assistance.coverage-ended',
  schemaVersion: 1,
  description:
    'One member stopped being covered by a household status (低保 家庭成员减少); `endedOn` is the last day covered. `rule` and `source` name the rule when a law or standard ends it (特困 persons are not also counted in 低保).',
  data: z.object({
    ...StatusRefShape,
    coveredPersonId: Id,
    endedOn: IsoDate,
    cause: EndCauseSchema,
    rule: z.string().min(1).max(100).optional(),
    source: z.string().min(1).max(300).optional(),
    by: By,
  }),
});

export const assistancePaymentReviewOpened = defineEvent({
  type: 'grid-records.assistance.payment-review-opened',
  schemaVersion: 1,
  description:
    'A death that ended this status, or a member\'s coverage in it, was revoked (撤销死亡登记): the payments stopped from `diedOn` to `revokedOn` are for an official to review (补发 or not). The status stays ended; a new application decides what follows.',
  data: z.object({ ...StatusRefShape, revivedPersonId: Id, diedOn: IsoDate, revokedOn: IsoDate, by: By }),
});

export const assistanceFlagged = defineEvent({
  type: 'grid-records.assistance.flagged',
  schemaVersion: 1,
  description: 'The case was flagged because the applicant or a covered member is a registered close relative of an official (近亲属备案).',
  data: z.object({ ...StatusRefShape, on: IsoDate, registrationId: Id, by: By }),
});

export const assistanceEvents = [
  assistanceAppliedV1,
  assistanceApplied,
  assistanceHomeChecked,
  assistanceReviewed,
  assistanceNoticePublished,
  assistanceObjectionRaised,
  assistanceObjectionDecided,
  assistanceApproved,
  assistanceRejected,
  assistanceClassChanged,
  assistanceReviewCompleted,
  assistanceSuspended,
  assistanceResumed,
  assistanceExited,
  assistanceCancelled,
  assistanceEnded,
  assistanceCoverageEnded,
  assistancePaymentReviewOpened,
  assistanceFlagged,
];
