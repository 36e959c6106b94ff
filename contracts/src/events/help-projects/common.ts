import { z } from 'zod';
import { CareLevelSchema, DisabilityGradeSchema, Id, LivingClassSchema, ProgramSchema, RegistrationSchema } from '../grid-records/common';

export { By, Fen, Id, IsoDate } from '../grid-records/common';

/** 县 / 乡镇(街道) / 村(社区): the three levels of the consortium (三级助联体). */
export const CONSORTIUM_LEVELS = ['county', 'township', 'village'] as const;
export const ConsortiumLevelSchema = z.enum(CONSORTIUM_LEVELS);
export type ConsortiumLevel = z.infer<typeof ConsortiumLevelSchema>;

/** 部门, 社会组织, 企业. */
export const MemberKindSchema = z.enum(['department', 'social-organisation', 'enterprise']);
export type MemberKind = z.infer<typeof MemberKindSchema>;

/**
 * What a help project (帮扶项目) offers. Seed 003 names the first four: 失能老人免费助浴, 困难家庭护理床,
 * 爱心米 for elderly canteens (老年食堂), 善居工程 home repairs.
 */
export const PROJECT_CATEGORIES = ['bathing', 'care-bed', 'canteen-rice', 'home-repair', 'meal-delivery', 'clinic-escort', 'care-visit', 'other'] as const;
export const ProjectCategorySchema = z.enum(PROJECT_CATEGORIES);
export type ProjectCategory = z.infer<typeof ProjectCategorySchema>;

/**
 * Who may be enrolled, as data over the household facts learned from grid-records' events. Every clause
 * present must hold; a person clause on a household project holds when one living member meets it.
 */
export const EligibilityRuleSchema = z.object({
  /** One person is enrolled (助浴, 护理床) or the whole household (善居工程). */
  subject: z.enum(['person', 'household']),
  /** At least one of these statuses in force for the person (held, or covered by the household's); empty: none needed. */
  programs: z.array(ProgramSchema).max(20),
  /** 低保 classes that qualify, when only some do. */
  livingClasses: z.array(LivingClassSchema).min(1).max(3).optional(),
  /** 特困 care levels that qualify (失能, 半失能). */
  careLevels: z.array(CareLevelSchema).min(1).max(3).optional(),
  /** A disability certificate of grade 1 (most severe) up to this grade. */
  disabilityGradeAtMost: DisabilityGradeSchema.optional(),
  /** Age in whole years on the day of enrolment. */
  minAge: z.int().min(0).max(150).optional(),
  maxAge: z.int().min(0).max(150).optional(),
  registration: RegistrationSchema.optional(),
  /** The household's grid lies in one of these grid-records regions (any level). */
  regionIds: z.array(Id).min(1).max(50),
});
export type EligibilityRule = z.infer<typeof EligibilityRuleSchema>;

/** Why an enrolment ended: by rule from a grid-records event, or by decision here. */
export const EnrolmentEndCauseSchema = z.enum(['status-ended', 'died', 'moved-out', 'left-household', 'withdrawn', 'project-ended']);
export type EnrolmentEndCause = z.infer<typeof EnrolmentEndCauseSchema>;
