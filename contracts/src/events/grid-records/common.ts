import { z } from 'zod';
import { ActorSchema } from '../../envelope';
import { BirthDateSchema, BirthYearSchema, IdHashSchema, SealedSchema, SexSchema, sealedSinceV2 } from '../../personal-data';

/** Business date `YYYY-MM-DD`. */
export const IsoDate = z.iso.date();
export const Id = z.string().min(1).max(100);
/** Who took the decision (may differ from the clerk who entered it, who is the envelope's actor). */
export const By = ActorSchema;
export const Fen = z.int().min(0);

/** 区 → 街道/乡镇 → 社区/村 → 网格 → 微网格 → 楼栋 (docs/domain-glossary.md §1), top to bottom. */
export const REGION_LEVELS = ['district', 'street', 'community', 'grid', 'micro-grid', 'building'] as const;
export const RegionLevelSchema = z.enum(REGION_LEVELS);
export type RegionLevel = z.infer<typeof RegionLevelSchema>;
/** 区/县, 街道/乡镇/镇, 社区/村: the same level has more than one legal form. */
export const RegionKindSchema = z.enum(['district', 'county', 'sub-district', 'township', 'town', 'community', 'village']);

/** 户籍 kind: urban and rural standards differ (seed 002). */
export const RegistrationSchema = z.enum(['urban', 'rural']);
export type Registration = z.infer<typeof RegistrationSchema>;

/**
 * Every assistance status a household or resident can hold (docs/domain-glossary.md §2). 百岁老人 is the 100+ band of
 * advanced-age; 边缘户 is low-income-marginal.
 */
export const PROGRAM_CODES = [
  /** 低保 minimum living allowance (household; classes A/B/C) */
  'minimum-living',
  /** 低保边缘 low-income marginal (household) */
  'low-income-marginal',
  /** 特困 extreme-poverty support (person) */
  'extreme-poverty',
  /** 临时救助 temporary assistance (person, one-off) */
  'temporary',
  /** 困难残疾人生活补贴 disability living subsidy */
  'disability-living',
  /** 重度残疾人护理补贴 disability care subsidy */
  'disability-care',
  /** 孤儿 orphan */
  'orphan',
  /** 事实无人抚养儿童 de-facto unsupported child */
  'unsupported-child',
  /** 困境儿童 child in difficulty */
  'child-in-difficulty',
  /** 留守儿童 left-behind child */
  'left-behind-child',
  /** 高龄补贴 advanced-age allowance (incl. 百岁老人) */
  'advanced-age',
  /** 留守老人 left-behind elderly */
  'left-behind-elderly',
  /** 独居老人 solitary elderly */
  'solitary-elderly',
  /** 监测户 monitored household (防止返贫监测) */
  'monitored',
  /** 优抚对象 entitled veteran or family */
  'entitled-veteran',
] as const;
export const ProgramSchema = z.enum(PROGRAM_CODES);
export type ProgramCode = z.infer<typeof ProgramSchema>;

/** 低保 class: A (no income, no ability to work) … C. */
export const LivingClassSchema = z.enum(['A', 'B', 'C']);
export type LivingClass = z.infer<typeof LivingClassSchema>;
/** 分散供养 at home / 集中供养 in an institution (特困, 孤儿). */
export const SupportModeSchema = z.enum(['dispersed', 'centralized']);
/** 生活自理 / 半失能 / 失能. */
export const CareLevelSchema = z.enum(['self-care', 'semi-disabled', 'disabled']);
export const DisabilityGradeSchema = z.int().min(1).max(4);
/** 残疾类别 (GB/T 26341-2010). */
export const DisabilityKindSchema = z.enum(['visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple']);
export const ApproverLevelSchema = z.enum(['township', 'district']);

/** Why a status ended by rule rather than by decision. */
export const EndCauseSchema = z.enum(['death', 'moved-out', 'extreme-poverty-granted', 'aged-out', 'left-household']);

export const RelationSchema = z.enum([
  'head',
  'spouse',
  'child',
  'parent',
  'grandchild',
  'grandparent',
  'sibling',
  'child-in-law',
  'other',
]);

/** A resident as registered in v1 events: personal fields sealed, birth date and sex in clear. */
export const MemberSchemaV1 = z.object({
  personId: Id,
  relation: RelationSchema,
  name: SealedSchema,
  idNumber: SealedSchema,
  phone: SealedSchema.optional(),
  idHash: IdHashSchema,
  birthDate: BirthDateSchema,
  sex: SexSchema,
});

/** A resident as registered since v2: the birth date sealed under the person's key too, its year in clear (see personal-data.ts). */
export const MemberSchema = MemberSchemaV1.extend({ birthDate: sealedSinceV2(BirthDateSchema), birthYear: BirthYearSchema });
export type Member = z.infer<typeof MemberSchema>;

/** What every status event names, so subscribers need no other event to act on it. */
export const StatusRefShape = {
  caseId: Id,
  program: ProgramSchema,
  /** 低保 class, when the program has classes. */
  class: LivingClassSchema.nullable(),
  householdId: Id,
  /** The person for person programs; null for household programs (低保, 边缘, 监测户). */
  personId: Id.nullable(),
};
