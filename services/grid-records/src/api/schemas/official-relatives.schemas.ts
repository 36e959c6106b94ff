import { OfficialRelationSchema } from '@grid/contracts';
import { textSchema } from '@grid/platform/http';
import { z } from 'zod';
import { DateSchema, IdNumberSchema, IdSchema, NameSchema } from './common';

export const FilingParams = z.object({ registrationId: IdSchema.describe('近亲属备案 · filing') });

const Text = (max: number) => textSchema({ max, multiline: max > 200 });

const OfficialBody = z
  .object({
    name: NameSchema.describe('干部姓名 · the official’s full name'),
    idNumber: IdNumberSchema,
    position: Text(200).describe('职务 · post'),
    unit: Text(200).describe('单位 · unit'),
  })
  .describe('干部 (担任职务的本人) · the official');

/** One of two ways to name the relative; exactly one, so a half-filled form is a 400 naming the field. */
const RelativeBody = z
  .object({
    residentId: IdSchema.optional().describe('已登记居民 · a registered resident'),
    idNumber: IdNumberSchema.optional(),
    name: NameSchema.optional().describe('姓名 (须与登记一致) · full name, as registered'),
  })
  .superRefine((r, ctx) => {
    const byId = r.residentId !== undefined;
    const byNumber = r.idNumber !== undefined || r.name !== undefined;
    if (byId === byNumber)
      ctx.addIssue({ code: 'custom', message: 'give residentId, or idNumber and name', params: { rule: 'one-of-residentId-idNumber' } });
    else if (byNumber)
      for (const key of ['idNumber', 'name'] as const)
        if (r[key] === undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required with the ID number`, params: { rule: 'required' } });
  })
  .describe('近亲属 (已登记居民: residentId, 或身份证号与姓名) · the relative: residentId, or ID number and name');

export const FileOfficialRelativeBody = z
  .object({
    official: OfficialBody,
    relative: RelativeBody,
    relation: OfficialRelationSchema.describe('亲属关系 (近亲属本人是干部的…) · what the relative is to the official'),
    on: DateSchema.describe('备案生效日 · effective date'),
    note: Text(500).optional().describe('备注 (加密保存) · note, stored sealed'),
  })
  .describe('近亲属备案 · file an official’s close relative');

export const WithdrawFilingBody = z
  .object({
    cause: z
      .enum(['left-office', 'relation-ended', 'filed-in-error'])
      .describe('撤销原因: 离任/关系终止/误报 · left office, relation ended, filed in error'),
    reason: Text(500).describe('说明 · reason'),
    on: DateSchema.describe('撤销生效日 · effective date'),
  })
  .describe('撤销近亲属备案 · withdraw a filing');

export const FilingListQuery = z.object({ residentId: IdSchema.describe('居民 · resident (the relative)') });

const Actor = z.object({ id: z.string(), role: z.string() });

export const FilingSchema = z
  .object({
    id: z.string(),
    residentId: z.string().describe('近亲属 (居民) · the relative'),
    relativeName: z.string().nullable().describe('近亲属姓名 (按角色脱敏) · the relative’s name, masked by role'),
    relation: OfficialRelationSchema,
    official: z.object({
      name: z.string().nullable().describe('按角色脱敏 · masked by role'),
      idNumber: z.string().nullable().describe('按角色脱敏 · masked by role'),
      position: z.string(),
      unit: z.string(),
    }),
    note: z.string().nullable(),
    on: z.string(),
    filedBy: Actor,
    status: z.enum(['in-force', 'withdrawn']),
    withdrawal: z.object({ on: z.string(), cause: z.string(), reason: z.string(), by: Actor }).nullable(),
    disclosure: z.enum(['clear', 'masked']),
  })
  .describe('近亲属备案 · filing');

export const FilingListSchema = z
  .object({
    items: z.array(FilingSchema),
    revision: z.number().int().describe('居民备案流的版本 (撤销时 If-Match) · the person stream’s revision (If-Match for a withdrawal)'),
  })
  .describe('居民的近亲属备案 · a resident’s filings');
