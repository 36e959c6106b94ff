import { CareLevelSchema, LivingClassSchema, ProgramSchema, SupportModeSchema } from '@grid/contracts';
import { textSchema } from '@grid/platform/http';
import { z } from 'zod';
import { STEP_DATE } from '../../application/assistance/case-steps';
import { DateSchema, IdSchema, NameSchema, WriteResultSchema } from './common';

export const CaseParams = z.object({ caseId: IdSchema.describe('救助案件 · assistance case') });

const Fen = z.int().min(1).max(100_000_000).describe('金额 (分) · amount in fen');
const Reason = textSchema({ max: 2000, multiline: true }).describe('理由 (记入事件) · reason, kept on the event');

export const OpenCaseBody = z
  .object({
    program: ProgramSchema.describe('项目 · program: minimum-living 低保, extreme-poverty 特困, temporary 临时救助 …'),
    personId: IdSchema.optional().describe('对象 (个人项目必填) · the person, for person programs'),
    coveredPersonIds: z
      .array(IdSchema)
      .min(1)
      .max(30)
      .optional()
      .describe('保障成员 (家庭项目; 默认全部在册成员) · covered members of a household program (default: every living member)'),
    class: LivingClassSchema.optional().describe('低保类别 A/B/C · 低保 class'),
    appliedOn: DateSchema.describe('申请日期 · application date'),
    mode: SupportModeSchema.optional().describe('分散/集中供养 · dispersed or centralized support (特困, 孤儿)'),
    careLevel: CareLevelSchema.optional().describe('自理能力 · self-care ability (特困)'),
    caregiverAgreement: z
      .object({ agreementId: IdSchema, caregiverName: NameSchema.describe('照料护理人 · caregiver'), signedOn: DateSchema })
      .optional()
      .describe('照料护理协议 (失能/半失能分散特困) · caregiver agreement'),
    institution: textSchema({ max: 200 }).optional().describe('供养机构 · institution (集中供养)'),
    amountFen: Fen.optional().describe('临时救助金额 (分) · one-off amount in fen (临时救助)'),
    veteranCategory: textSchema({ max: 100 }).optional().describe('优抚类别 · veteran category'),
  })
  .describe('申请救助 · open an assistance case');

const step = <S extends string, T extends z.ZodRawShape>(name: S, shape: T, reasonRequired: boolean) =>
  z
    .object({
      step: z.literal(name),
      effectiveDate: DateSchema.describe(`生效日期 · ${STEP_DATE[name as keyof typeof STEP_DATE]}`),
      reason: reasonRequired ? Reason : Reason.optional(),
      ...shape,
    })
    .describe(name);

export const StepBody = z
  .discriminatedUnion('step', [
    step(
      'home-check',
      {
        findings: z.array(textSchema({ max: 100 })).min(1).max(30).describe('核查结论代码 · finding codes'),
        note: textSchema({ max: 2000, multiline: true }).optional().describe('核查记录 (加密保存) · note, stored encrypted'),
      },
      false,
    ),
    step(
      'review',
      {
        recommended: z.boolean().describe('是否建议批准 · recommends approval'),
        class: LivingClassSchema.optional(),
        amountFen: Fen.optional(),
      },
      false,
    ),
    step('notice', { days: z.int().min(1).max(90).describe('公示天数 (至少7天) · days of the public notice (at least 7)') }, false),
    step('objection', { objectionId: IdSchema.optional().describe('异议编号 (默认生成) · objection id') }, true),
    step('objection-decision', { objectionId: IdSchema, upheld: z.boolean().describe('异议成立 · objection upheld') }, true),
    step(
      'approve',
      {
        decidedOn: DateSchema.optional().describe('审批日期 (默认生效日) · decision date (default: effectiveDate)'),
        class: LivingClassSchema.optional(),
        amountFen: Fen.optional(),
      },
      false,
    ),
    step('reject', {}, true),
    step('change-class', { to: LivingClassSchema.describe('新类别 · new class') }, true),
    step('review-done', {}, false),
    step('suspend', {}, true),
    step('resume', {}, true),
    step('exit', {}, true),
    step('cancel', {}, true),
  ])
  .describe('办理步骤 · a step of the case');

export const StepResultSchema = WriteResultSchema.extend({
  objectionId: z.string().optional().describe('新异议编号 (objection) · id of a new objection'),
});

export const CaseSummarySchema = z.object({
  id: z.string(),
  revision: z.number().int(),
  program: ProgramSchema,
  term: z.string().describe('项目名称 · program name'),
  stage: z
    .string()
    .describe('阶段 · stage: applied, awaiting-review, reviewed, noticed, active, suspended, rejected, exited, cancelled, ended'),
  class: LivingClassSchema.nullable(),
  householdId: z.string(),
  personId: z.string().nullable(),
  appliedOn: z.string(),
  effectiveFrom: z.string().nullable().describe('生效日 · first day in force'),
  endedOn: z.string().nullable().describe('最后有效日 · last day in force'),
  nextReviewOn: z.string().nullable().describe('下次复核 · next periodic review'),
});

export const CaseListSchema = z.object({ items: z.array(CaseSummarySchema) }).describe('户的救助案件 · the household’s cases');

export const CaseSchema = CaseSummarySchema.extend({
  registration: z.enum(['urban', 'rural']),
  districtId: z.string(),
  coverage: z.array(z.object({ personId: z.string(), until: z.string().nullable() })).describe('保障成员 · covered members'),
  terms: z.record(z.string(), z.unknown()).describe('项目条件 · program terms (caregiver shown by role)'),
  flagged: z.boolean().describe('近亲属备案 · an official’s close relative (district decides)'),
  review: z.unknown().nullable(),
  notice: z.object({ from: z.string(), until: z.string() }).nullable(),
  objections: z.array(z.unknown()),
  grant: z.object({ effectiveFrom: z.string(), decidedOn: z.string(), approverLevel: z.enum(['township', 'district']) }).nullable(),
  classHistory: z.array(z.object({ from: z.string(), class: LivingClassSchema })),
  suspensions: z.array(z.object({ from: z.string(), until: z.string().nullable() })),
  paymentReviews: z
    .array(z.object({ personId: z.string(), diedOn: z.string(), revokedOn: z.string() }))
    .describe('待复核的停发期 (死亡登记撤销后) · payments a revoked death stopped, to review'),
  history: z
    .array(
      z.object({
        step: z.string(),
        revision: z.number().int(),
        eventId: z.string(),
        occurredAt: z.string().describe('生效 · took effect'),
        recordedAt: z.string().describe('记录 · recorded'),
        actor: z.object({ id: z.string(), role: z.string() }),
        reason: z.string().nullable(),
        causationId: z.string().nullable().describe('起因事件 (规则所致) · the causing event, for steps the rules took'),
        data: z.record(z.string(), z.unknown()).describe('事件数据 (按角色显示) · the event’s data as the caller may see it'),
      }),
    )
    .describe('办理经过 · the steps, in order'),
  disclosure: z.enum(['clear', 'masked']),
}).describe('救助案件 · assistance case');
