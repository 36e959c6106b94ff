import { LivingClassSchema, ProgramSchema } from '@grid/contracts';
import { z } from 'zod';
import { DateSchema } from './common';

export const MonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a calendar month YYYY-MM')
  .describe('月份 YYYY-MM · calendar month');

export const StatisticsQuery = z.object({ month: MonthSchema.optional().describe('月份 (默认本月) · month (default: this month)') });

export const RosterQuery = z.object({
  month: MonthSchema,
  knownAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('按当时已知的记录 (审计) · the records as known at this moment (audit: e.g. before a late death record)'),
});

export const AsOfQuery = z.object({ asOf: DateSchema.optional().describe('截至日期 (默认今天) · as of (default: today)') });

const Fen = z.number().int().describe('金额 (分) · amount in fen');

export const StatisticsSchema = z
  .object({
    regionId: z.string(),
    month: z.string(),
    rows: z.array(
      z.object({
        program: ProgramSchema,
        term: z.string(),
        class: LivingClassSchema.nullable(),
        households: z.number().int().describe('户数 · households'),
        persons: z.number().int().describe('人数 · persons'),
        monthlyFen: Fen,
      }),
    ),
    totals: z.object({ households: z.number().int(), persons: z.number().int(), monthlyFen: Fen }),
    pending: z.array(z.object({ program: ProgramSchema, term: z.string(), cases: z.number().int() })).describe('在办申请 · pending'),
    standards: z.array(z.string()).describe('适用的保障标准 · standards sets applied'),
  })
  .describe('统计 · statuses in force in the month, per program and class');

export const RosterSchema = z
  .object({
    regionId: z.string(),
    month: z.string(),
    knownAt: z.string().nullable(),
    lines: z.array(
      z.object({
        caseId: z.string(),
        program: ProgramSchema,
        term: z.string(),
        class: LivingClassSchema.nullable(),
        householdId: z.string(),
        personId: z.string().nullable(),
        recipientId: z.string().nullable().describe('领取人 · recipient (the person, or the head of the household)'),
        recipientName: z.string().nullable().describe('按角色显示 · clear or masked by role'),
        persons: z.number().int(),
        amountFen: Fen,
        basis: z.string().describe('计算依据 · how the amount was reached'),
      }),
    ),
    totalFen: Fen,
    persons: z.number().int(),
    disclosure: z.enum(['clear', 'masked']),
  })
  .describe('发放花名册 · payment roster');

export const VisitsDueSchema = z
  .object({
    asOf: z.string(),
    items: z.array(
      z.object({
        householdId: z.string(),
        gridId: z.string(),
        program: ProgramSchema,
        term: z.string(),
        everyDays: z.number().int(),
        lastVisitOn: z.string().nullable(),
        dueOn: z.string(),
        daysOverdue: z.number().int(),
      }),
    ),
  })
  .describe('逾期未走访 · visits overdue, most overdue first');

export const ReviewsDueSchema = z
  .object({
    asOf: z.string(),
    items: z.array(
      z.object({
        caseId: z.string(),
        program: ProgramSchema,
        term: z.string(),
        class: LivingClassSchema.nullable(),
        householdId: z.string(),
        gridId: z.string(),
        personId: z.string().nullable(),
        nextReviewOn: z.string(),
        daysOverdue: z.number().int(),
      }),
    ),
  })
  .describe('到期复核 · periodic reviews due');
