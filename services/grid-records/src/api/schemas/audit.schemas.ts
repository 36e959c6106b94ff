import { ProgramSchema } from '@grid/contracts';
import { AsOfQuery } from '@grid/platform';
import { z } from 'zod';
import { IdSchema } from './common';

export const StatusParams = z.object({
  householdId: IdSchema.describe('户 · household'),
  status: ProgramSchema.describe('救助身份 (program code) · the status to explain'),
});

/** The platform's as-of question (every service's audit routes ask it the same way). */
export const AsOfHouseholdQuery = AsOfQuery;

export const OverpaymentsQuery = z.object({
  format: z.enum(['json', 'csv']).optional().describe('json (默认) 或 csv · json (default) or csv'),
});

const Actor = z.object({ id: z.string(), role: z.string() });
const Label = z.object({ zh: z.string(), en: z.string(), command: z.string() });
const Rule = z.object({ rule: z.string(), source: z.string() }).nullable();

export const TimelineEntrySchema = z
  .object({
    position: z.number().int(),
    streamId: z.string(),
    revision: z.number().int(),
    eventId: z.string(),
    type: z.string(),
    label: Label,
    effectiveOn: z.string().describe('生效日期 · effective date'),
    recordedAt: z.string().describe('记录时间 · recorded'),
    recordedLateDays: z.number().int().describe('补录天数 · days recorded after it took effect'),
    actor: Actor.describe('录入人 · who entered it'),
    decidedBy: Actor.nullable().describe('决定人 (与录入人不同时) · who decided, when not the one who entered it'),
    reason: z.string().nullable(),
    rule: Rule.describe('规则及依据 · rule and its source'),
    correlationId: z.string(),
    causationId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).describe('事件内容, 按角色脱敏 · event data, masked by role'),
  })
  .describe('时间线条目 · timeline entry');

export const TimelineSchema = z
  .object({ householdId: z.string(), streams: z.array(z.string()), entries: z.array(TimelineEntrySchema), disclosure: z.enum(['clear', 'masked']) })
  .describe('户的时间线 · household timeline');

export const HouseholdAsOfSchema = z
  .object({
    householdId: z.string(),
    validAt: z.string(),
    knownAt: z.string(),
    household: z.record(z.string(), z.unknown()).nullable(),
    statuses: z.array(z.record(z.string(), z.unknown())),
    explainedBy: z.array(TimelineEntrySchema).describe('构成该状态的事件 · the events that explain it'),
    learnedLater: z.array(TimelineEntrySchema).describe('当时已生效但之后才记录 · in effect then, recorded later'),
    disclosure: z.enum(['clear', 'masked']),
  })
  .describe('某日状态 (当时所知) · state valid at a date as known at a date');

export const WhySchema = z
  .object({
    householdId: z.string(),
    program: z.string(),
    term: z.string(),
    source: z.string(),
    cases: z.array(z.record(z.string(), z.unknown())),
    disclosure: z.enum(['clear', 'masked']),
  })
  .describe('身份的来龙去脉 · why a household has a status');

export const OverpaymentsSchema = z
  .object({
    regionId: z.string(),
    findings: z.array(z.record(z.string(), z.unknown())),
    regions: z.array(
      z.object({ regionId: z.string(), name: z.string().nullable(), findings: z.number(), persons: z.number(), months: z.number(), amountFen: z.number() }),
    ),
    totalFen: z.number().int(),
  })
  .describe('超发查找 · overpayments after late-recorded ends');
