import { z } from 'zod';

/** A day an audit question can be about: in this or the last century (a typo such as 0202 is refused); a malformed one is the format's to refuse. */
const plausibleDay = (day: string): boolean => !/^\d{4}-\d{2}-\d{2}$/.test(day) || (day >= '1900-01-01' && day <= '2099-12-31');
const PLAUSIBLE = { message: 'a date between 1900-01-01 and 2099-12-31', params: { rule: 'implausible-date' } };

export const AsOfQuery = z.object({
  validAt: z.iso.date().refine(plausibleDay, PLAUSIBLE).optional().describe('有效日期: 当日的情况 (默认今天) · the day the state is valid at (default today)'),
  knownAt: z
    .union([z.iso.date(), z.iso.datetime({ offset: true })])
    .refine((v) => plausibleDay(v.slice(0, 10)), PLAUSIBLE)
    .optional()
    .describe('认知时点: 当时记录所知 (日期为北京时间当日结束; 默认现在) · as the records stood then (a date: its end, China time; default now)'),
});

/** Ids end up in stream ids (`election-<id>`): the characters the envelope's stream pattern allows. */
export const AsOfParams = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, 'letters, digits and _ . : - (up to 100)').describe('标识 · the aggregate’s id'),
});

const Actor = z.object({ id: z.string(), role: z.string() });
const AuditedEventSchema = z.object({
  position: z.number().int(),
  streamId: z.string(),
  revision: z.number().int(),
  eventId: z.string(),
  type: z.string(),
  effectiveOn: z.string().describe('生效日期 · effective date'),
  recordedAt: z.string().describe('记录时间 · recorded'),
  recordedLateDays: z.number().int().describe('补录天数 · days recorded after it took effect'),
  actor: Actor,
  reason: z.string().nullable(),
  correlationId: z.string(),
  causationId: z.string().nullable(),
  data: z.unknown().describe('事件内容, 个人信息脱敏 · event data, personal data masked'),
});
const ExplainedEventSchema = AuditedEventSchema.extend({
  causedBy: z.array(AuditedEventSchema).describe('起因事件 (跨服务) · the events that caused it, nearest first, in any service'),
});

/** The answer's schema, named per aggregate so the combined OpenAPI document keeps them apart. */
export const aggregateAsOfSchema = (aggregate: string) =>
  z
    .object({
      aggregate: z.literal(aggregate),
      id: z.string(),
      streamId: z.string(),
      validAt: z.string(),
      knownAt: z.string(),
      state: z.unknown().describe('当时的状态 · the state then'),
      explainedBy: z.array(ExplainedEventSchema).describe('构成该状态的事件 · the events that explain it'),
      learnedLater: z.array(ExplainedEventSchema).describe('当时已生效但之后才记录 · in effect then, recorded later'),
      disclosure: z.literal('masked'),
    })
    .describe(`某日状态 (当时所知) · ${aggregate} valid at a date as known at a date`);
