import { ConsortiumLevelSchema, EligibilityRuleSchema, JointNeedSchema, MemberKindSchema, ProgramSchema, ProjectCategorySchema } from '@grid/contracts';
import { textSchema } from '@grid/platform/http';
import { z } from 'zod';
import { RATE_DEFINITIONS } from '../domain/rates/definitions';

const Id = z.string().min(1).max(100);
const Day = z.iso.date();
const reversed = { message: 'the period ends on or after it starts', path: ['to'], params: { rule: 'period-reversed' } };

export const MemberParams = z.object({ memberId: Id });
export const ProjectParams = z.object({ projectId: Id });
export const EnrolmentParams = z.object({ enrolmentId: Id });
export const CaseParams = z.object({ caseId: Id });
export const StepParams = z.object({ caseId: Id, stepId: Id });
export const RegionParams = z.object({ regionId: Id });
export const RATE_NAMES = ['joint-handling', 'visit-care', 'benefit-list'] as const;
export const RateParams = z.object({ regionId: Id, rate: z.enum(RATE_NAMES).describe(Object.values(RATE_DEFINITIONS).join(' · ')) });

export const PeriodQuery = z
  .object({ from: Day.describe('期间起 · first day of the period'), to: Day.describe('期间止 · last day of the period') })
  .refine((q) => q.from <= q.to, reversed);
export const OnQuery = z.object({ on: Day.optional().describe('评估日 · the day eligibility is evaluated on (default today, China time)') });

export const JoinBody = z
  .object({ name: textSchema({ max: 200 }), kind: MemberKindSchema, level: ConsortiumLevelSchema, regionId: Id.describe('县/乡镇/村 · a grid-records region'), on: Day })
  .describe('入驻 · a department, social organisation or enterprise joins the consortium');
export const MemberStatusBody = z
  .discriminatedUnion('to', [
    z.object({ to: z.literal('suspended'), on: Day, reason: textSchema({ max: 500 }) }),
    z.object({ to: z.literal('active'), on: Day }),
    z.object({ to: z.literal('left'), on: Day, reason: textSchema({ max: 500 }) }),
  ])
  .describe('暂停 / 恢复 / 退出 · suspend, reinstate or leave');
export const BenefitListBody = z
  .object({ householdId: Id, programs: z.array(ProgramSchema).max(20), projectIds: z.array(Id).max(100), on: Day })
  .describe('幸福清单送达 · a household’s benefit list delivered');

export const PublishBody = z
  .object({
    memberId: Id.describe('发布单位 · the publishing member (a member token: itself)'),
    title: textSchema({ max: 200 }),
    category: ProjectCategorySchema,
    rule: EligibilityRuleSchema,
    capacity: z.int().min(1).max(1_000_000),
    from: Day,
    until: Day,
    on: Day,
  })
  .describe('发布帮扶项目 · publish a help project');
export const EnrolBody = z
  .object({
    householdId: Id,
    personId: Id.nullable().describe('服务对象 · the person; null for a household project (善居工程)'),
    consent: z.object({ givenBy: z.enum(['self', 'guardian', 'head-of-household']), on: Day, documentRef: textSchema({ max: 100 }) }).describe('知情同意 · consent, by reference'),
    on: Day,
  })
  .describe('纳入帮扶 · enrol an eligible household or person');
export const ServiceBody = z
  .object({
    personId: Id,
    memberId: Id.describe('服务单位 · the member that delivered it (a member token: itself)'),
    servedOn: Day,
    personTimes: z.int().min(1).max(1000),
    costFen: z.int().min(0).max(100_000_000),
    on: Day.describe('记录日 · the day it is recorded'),
  })
  .describe('服务记录 · a service delivered');
export const OnBody = z.object({ on: Day });

export const OpenCaseBody = z.object({ householdId: Id, regionId: Id, need: JointNeedSchema, on: Day }).describe('救助一件事 · open a joint case');
export const AssignStepBody = z.object({ memberId: Id, task: textSchema({ max: 200 }), dueOn: Day, on: Day }).describe('分派 · assign a step to a member');
export const CompleteStepBody = z.object({ memberId: Id, on: Day }).describe('办结 · the assigned member completed the step');

export const WriteResultSchema = z.object({ id: z.string(), revision: z.int() });
