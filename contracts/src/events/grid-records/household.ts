import { z } from 'zod';
import { BirthDateSchema, BirthYearSchema, IdHashSchema, SealedSchema, sealedSinceV2, yearOf } from '../../personal-data';
import { defineEvent, type EventDefinition } from '../../registry';
import { By, DisabilityGradeSchema, DisabilityKindSchema, Id, IsoDate, MemberSchema, MemberSchemaV1, RegistrationSchema } from './common';

/** A free-text reason, sealed under the person's key since v2 (it may say why about someone's health or family). */
const SealedReason = sealedSinceV2(z.string().min(1).max(500));
/** v1 → v2: the event stays as written; its clear value is what v2 holds sealed. */
const asWritten = (previous: Record<string, unknown>): Record<string, unknown> => previous;

/** v2 of an event whose v1 holds a clear free-text `reason`: the same event, its reason sealed. */
const reasonSealedInV2 = <Shape extends z.ZodRawShape, const T extends string>(v1: EventDefinition<z.ZodObject<Shape>, T, 1>) =>
  defineEvent({
    ...v1,
    schemaVersion: 2,
    description: `${v1.description} v2: \`reason\` sealed under the person's key.`,
    data: v1.data.extend({ reason: SealedReason }),
    upcastFrom: asWritten,
  });

/** v1 → v2 of a member: its birth date stays as written (clear), its year added beside it. */
const withBirthYear = (m: Record<string, unknown>): Record<string, unknown> => ({ ...m, birthYear: yearOf(String(m.birthDate)) });

/** Stream `household-<householdId>`: the household, its members and their life events. */
export const householdRegisteredV1 = defineEvent({
  type: 'grid-records.household.registered',
  schemaVersion: 1,
  description: 'A household (户) was registered in a grid with its members, exactly one of them head (户主).',
  data: z.object({
    householdId: Id,
    gridId: Id,
    buildingId: Id.optional(),
    /** Door address, sealed: with the members it identifies people. */
    address: SealedSchema,
    registration: RegistrationSchema,
    headId: Id,
    members: z.array(MemberSchemaV1).min(1),
    on: IsoDate,
    by: By,
  }),
});

const BIRTH_DATE_SEALED = "v2: each member's birth date sealed under the person's key, `birthYear` in clear.";

export const householdRegistered = defineEvent({
  ...householdRegisteredV1,
  schemaVersion: 2,
  description: `${householdRegisteredV1.description} ${BIRTH_DATE_SEALED}`,
  data: householdRegisteredV1.data.extend({ members: z.array(MemberSchema).min(1) }),
  upcastFrom: (previous) => ({ ...previous, members: (previous.members as Record<string, unknown>[]).map(withBirthYear) }),
});

export const householdMemberAddedV1 = defineEvent({
  type: 'grid-records.household.member-added',
  schemaVersion: 1,
  description: 'A resident (居民) joined the household (birth, marriage, moving in).',
  data: z.object({ householdId: Id, member: MemberSchemaV1, on: IsoDate, by: By }),
});

export const householdMemberAdded = defineEvent({
  ...householdMemberAddedV1,
  schemaVersion: 2,
  description: `${householdMemberAddedV1.description} ${BIRTH_DATE_SEALED}`,
  data: householdMemberAddedV1.data.extend({ member: MemberSchema }),
  upcastFrom: (previous) => ({ ...previous, member: withBirthYear(previous.member as Record<string, unknown>) }),
});

export const householdMemberRemoved = defineEvent({
  type: 'grid-records.household.member-removed',
  schemaVersion: 1,
  description: 'A living resident left the household (moved away, married out, registered elsewhere).',
  data: z.object({
    householdId: Id,
    personId: Id,
    on: IsoDate,
    reason: z.enum(['moved-away', 'married-out', 'registered-elsewhere', 'other']),
    by: By,
  }),
});

export const householdHeadChanged = defineEvent({
  type: 'grid-records.household.head-changed',
  schemaVersion: 1,
  description: 'The head of household (户主) changed, by decision or because the head died.',
  data: z.object({ householdId: Id, fromPersonId: Id, toPersonId: Id, on: IsoDate, cause: z.enum(['decision', 'death']), by: By }),
});

export const householdTransferred = defineEvent({
  type: 'grid-records.household.transferred',
  schemaVersion: 1,
  description: 'The household moved to another grid inside the district from a date (网格调整/迁居).',
  data: z.object({ householdId: Id, fromGridId: Id, toGridId: Id, buildingId: Id.optional(), on: IsoDate, by: By }),
});

export const householdMovedOut = defineEvent({
  type: 'grid-records.household.moved-out',
  schemaVersion: 1,
  description: 'The household moved out of the district (迁出); its statuses end on this date, and its record is closed.',
  data: z.object({ householdId: Id, gridId: Id, memberIds: z.array(Id), on: IsoDate, by: By }),
});

export const householdEnded = defineEvent({
  type: 'grid-records.household.ended',
  schemaVersion: 1,
  description: 'The household ended because its last living member died (户销户).',
  data: z.object({ householdId: Id, on: IsoDate, cause: z.literal('last-member-died'), by: By }),
});

export const residentDied = defineEvent({
  type: 'grid-records.resident.died',
  schemaVersion: 1,
  description: 'A resident died (死亡) on `diedOn`, which may lie long before the day it was recorded (seed 002: deaths reported late).',
  data: z.object({
    householdId: Id,
    personId: Id,
    idHash: IdHashSchema,
    diedOn: IsoDate,
    evidence: z.enum(['death-certificate', 'hukou-cancellation', 'cremation-record', 'visit-report', 'data-cross-check', 'other']),
    by: By,
  }),
});

/**
 * 撤销死亡登记: a death recorded in error (wrong person, false report) is revoked by an official after checking
 * the documents. The person is living again in the household's record (`diedOn` cleared); a household that the
 * death ended (its last living member) is open again (`reopened`). Statuses the death ended are not restored:
 * payments for the interval are reviewed by a person, and a status needs a new application.
 */
export const residentDeathRevokedV1 = defineEvent({
  type: 'grid-records.resident.death-revoked',
  schemaVersion: 1,
  description:
    'A death recorded in error was revoked (撤销死亡登记): the person is living again. Statuses the death ended stay ended ' +
    '(a new application is needed; payments for the interval are reviewed by a person). `reopened`: the death had ended the household.',
  data: z.object({
    householdId: Id,
    personId: Id,
    idHash: IdHashSchema,
    /** The date of death that was recorded and is now revoked. */
    diedOn: IsoDate,
    reason: z.string().min(1).max(500),
    /** Document reference (公安户籍核查, 医院证明 …), sealed under the person's key: it may carry the ID number. */
    evidence: SealedSchema,
    /** The death had ended the household (its last living member): the household is open again. */
    reopened: z.boolean(),
    on: IsoDate,
    by: By,
  }),
});

export const residentDeathRevoked = reasonSealedInV2(residentDeathRevokedV1);

export const residentDisabilityCertifiedV1 = defineEvent({
  type: 'grid-records.resident.disability-certified',
  schemaVersion: 1,
  description: 'A disability certificate (残疾证, 第二代) was recorded for a resident: kind and grade 1–4.',
  data: z.object({
    householdId: Id,
    personId: Id,
    kind: DisabilityKindSchema,
    grade: DisabilityGradeSchema,
    previousGrade: DisabilityGradeSchema.nullable(),
    /** The certificate number embeds the 身份证 number, so it is sealed. */
    certificateNo: SealedSchema.optional(),
    certifiedOn: IsoDate,
    by: By,
  }),
});

/** Kind and grade are health data (个人信息保护法 第二十八条): sealed under the holder's key since v2. */
export const residentDisabilityCertified = defineEvent({
  ...residentDisabilityCertifiedV1,
  schemaVersion: 2,
  description: `${residentDisabilityCertifiedV1.description} v2: kind and grades sealed under the person's key.`,
  data: residentDisabilityCertifiedV1.data.extend({
    kind: sealedSinceV2(DisabilityKindSchema),
    grade: sealedSinceV2(DisabilityGradeSchema),
    previousGrade: sealedSinceV2(DisabilityGradeSchema).nullable(),
  }),
  upcastFrom: asWritten,
});

/** The corrected fields, sealed; a new 身份证 number comes with its keyed hash and the birth date and sex it encodes. */
const CorrectedSchema = z
  .object({
    name: SealedSchema,
    idNumber: SealedSchema,
    phone: SealedSchema,
    idHash: IdHashSchema,
    birthDate: IsoDate,
    sex: z.enum(['male', 'female']),
  })
  .partial();

/** Since v3 of the correction events: the birth date a new ID number encodes sealed under the person's key, its year in clear. */
const CorrectedSchemaV3 = CorrectedSchema.extend({ birthDate: sealedSinceV2(BirthDateSchema).optional(), birthYear: BirthYearSchema.optional() });

/** v3 of a correction event (`corrected` holds a new ID number's birth date): the same event, the date sealed. */
const birthDateSealedInV3 = <Shape extends z.ZodRawShape & { corrected: typeof CorrectedSchema }, const T extends string>(
  v2: EventDefinition<z.ZodObject<Shape>, T, 2>,
) =>
  defineEvent({
    ...v2,
    schemaVersion: 3,
    description: `${v2.description} v3: a corrected birth date sealed under the person's key, \`birthYear\` in clear.`,
    data: v2.data.extend({ corrected: CorrectedSchemaV3 }),
    upcastFrom: (previous) => {
      const corrected = previous.corrected as Record<string, unknown>;
      return corrected.birthDate === undefined ? previous : { ...previous, corrected: withBirthYear(corrected) };
    },
  });

export const residentDetailsCorrectedV1 = defineEvent({
  type: 'grid-records.resident.details-corrected',
  schemaVersion: 1,
  description:
    "A resident's registered details were corrected (信息更正); the event keeps only the corrected fields. A name or ID number " +
    "correction is confirmed by an official (`by`) on a grid worker's request (`requestedBy`, `correctionId`).",
  data: z.object({
    householdId: Id,
    personId: Id,
    corrected: CorrectedSchema,
    on: IsoDate,
    reason: z.string().min(1).max(500),
    /** The request this correction confirms (absent: applied directly, e.g. a phone number). */
    correctionId: Id.optional(),
    /** Who asked for it, when an official confirmed it. */
    requestedBy: By.optional(),
    /** Document reference (户口簿, 公安机关证明 …), sealed under the person's key: it may carry the ID number. */
    evidence: SealedSchema.optional(),
    by: By,
  }),
});

export const residentDetailsCorrectedV2 = reasonSealedInV2(residentDetailsCorrectedV1);
export const residentDetailsCorrected = birthDateSealedInV3(residentDetailsCorrectedV2);

/** 户口登记条例 第十七条: a correction is made after the registering office has verified it (审查属实后予以更正). */
export const residentCorrectionRequestedV1 = defineEvent({
  type: 'grid-records.resident.correction-requested',
  schemaVersion: 1,
  description:
    "A grid worker asked to correct a resident's name or ID number (信息更正申请); it takes effect when an official confirms it.",
  data: z.object({
    householdId: Id,
    personId: Id,
    correctionId: Id,
    corrected: CorrectedSchema,
    on: IsoDate,
    reason: z.string().min(1).max(500),
    evidence: SealedSchema.optional(),
    by: By,
  }),
});

export const residentCorrectionRequestedV2 = reasonSealedInV2(residentCorrectionRequestedV1);
export const residentCorrectionRequested = birthDateSealedInV3(residentCorrectionRequestedV2);

export const residentCorrectionRejectedV1 = defineEvent({
  type: 'grid-records.resident.correction-rejected',
  schemaVersion: 1,
  description: 'An official turned down a requested correction (不予更正), saying why; the record stays as it was.',
  data: z.object({
    householdId: Id,
    personId: Id,
    correctionId: Id,
    on: IsoDate,
    reason: z.string().min(1).max(500),
    by: By,
  }),
});

export const residentCorrectionRejected = reasonSealedInV2(residentCorrectionRejectedV1);

/**
 * An auditor saw members' personal data in clear (查阅个人信息). Reading is not a change to the household,
 * but a disclosure of personal data is history: who saw whose data, when and why (PIPL 第五十一条: access
 * to personal data is limited by role and accountable). Officials and auditors otherwise see it masked.
 */
export const householdPersonalDataRevealed = defineEvent({
  type: 'grid-records.household.personal-data-revealed',
  schemaVersion: 1,
  description: "An auditor revealed the household members' personal data in clear, giving a reason (查阅个人信息留痕).",
  data: z.object({
    householdId: Id,
    /** Whose data was shown: every resident the household's record holds. */
    personIds: z.array(Id),
    /** What was shown: the household as it stands, or its whole history. */
    view: z.enum(['household', 'history']),
    reason: z.string().min(1).max(500),
    by: By,
  }),
});

/**
 * Someone outside this household's scope tried to register one of its people, living or deceased, in another
 * household and was refused without being told where (no existence oracle, rule `not-registrable-here`). Recorded
 * here for the officials of this household to follow up: a person registered twice, a death not yet known where
 * they now live, or someone probing the register. The caller learns nothing of it.
 */
export const householdRegistrationElsewhereRefused = defineEvent({
  type: 'grid-records.household.registration-elsewhere-refused',
  schemaVersion: 1,
  description:
    "A registration of one of the household's people in another household, outside this household's scope, was refused (重复登记待核实).",
  data: z.object({
    householdId: Id,
    /** The person as this household knows them; null when only the index knew the number (an older record). */
    personId: Id.nullable(),
    /** Whether the person lives in this household or died in it. */
    standing: z.enum(['member', 'died']),
    on: IsoDate,
    /** Who tried: the officials' contact for the follow-up. */
    by: By,
  }),
});

/** 个人信息保护法 第四十七条: the grounds on which personal data is deleted (第一款 (一)–(五)). */
export const ERASURE_BASES = ['purpose-fulfilled', 'retention-ended', 'consent-withdrawn', 'unlawful-processing', 'other-law'] as const;

/**
 * 删除个人信息: a resident's personal data was erased on a legal basis. Recorded first; then the person's data key is
 * destroyed, so every sealed field of theirs in every copy of history reads 已删除 while every hash still holds.
 */
export const residentErased = defineEvent({
  type: 'grid-records.resident.erased',
  schemaVersion: 1,
  description: "A resident's personal data was erased (个人信息删除, 个人信息保护法 第四十七条): the data key is destroyed after this event.",
  data: z.object({
    householdId: Id,
    personId: Id,
    legalBasis: z.enum(ERASURE_BASES),
    /** The decision's document reference (决定书文号): never a name or an ID number. */
    reference: z.string().min(1).max(200),
    on: IsoDate,
    by: By,
  }),
});

export const householdEvents = [
  householdRegisteredV1,
  householdRegistered,
  householdMemberAddedV1,
  householdMemberAdded,
  householdMemberRemoved,
  householdHeadChanged,
  householdTransferred,
  householdMovedOut,
  householdEnded,
  residentDied,
  residentDisabilityCertifiedV1,
  residentDisabilityCertified,
  residentDetailsCorrectedV1,
  residentDetailsCorrectedV2,
  residentDetailsCorrected,
  residentCorrectionRequestedV1,
  residentCorrectionRequestedV2,
  residentCorrectionRequested,
  residentCorrectionRejectedV1,
  residentCorrectionRejected,
  householdPersonalDataRevealed,
  residentDeathRevokedV1,
  residentDeathRevoked,
  householdRegistrationElsewhereRefused,
  residentErased,
];
