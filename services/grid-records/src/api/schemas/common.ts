import { textSchema } from '@grid/platform/http';
import { z } from 'zod';
import { checkIdNumber } from '../../domain';
import { chinaToday } from '@grid/platform';

/** Ids end up in stream ids (`household-<id>`): the characters the envelope's stream pattern allows. */
export const IdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, 'letters, digits and _ . : - (up to 100)')
  .describe('标识 · identifier');

export const DateSchema = z.iso.date().describe('生效日期 YYYY-MM-DD · effective date');

/**
 * 身份证 number checked against GB 11643 in the schema, so a mistyped digit is a 400 naming the field
 * (`members.0.idNumber`) and the rule (`id-checksum`, `id-birth-date`, `id-length`, `id-region`).
 */
export const IdNumberSchema = z
  .string()
  .max(40)
  .superRefine((value, ctx) => {
    const checked = checkIdNumber(value, chinaToday());
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.detail, params: { rule: checked.rule } });
  })
  .describe('公民身份号码 (GB 11643) · citizen ID number');

export const NameSchema = textSchema({ max: 50 }).describe('姓名 · full name');

/** Mainland mobile (11 digits from 13) or a landline with area code. */
export const PhoneSchema = z
  .string()
  .regex(/^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, 'a mainland mobile or landline number')
  .describe('联系电话 · phone');

export const WriteResultSchema = z
  .object({
    id: z.string().describe('写入的对象 · the aggregate written'),
    revision: z.number().int().describe('写入后的版本 (ETag) · stream revision after the write (ETag)'),
  })
  .describe('写入结果 · write result');

/**
 * `?reveal=true&reason=…`: an auditor asks to see personal data in clear; the reason is required and recorded.
 */
export const RevealQuerySchema = z
  .object({
    reveal: z.enum(['true', 'false']).optional().describe('审计查阅明文 · auditor reveals personal data in clear'),
    reason: textSchema({ max: 500, multiline: true }).optional().describe('查阅理由 (留痕) · reason for the reveal (recorded)'),
  })
  .superRefine((q, ctx) => {
    if (q.reveal === 'true' && !q.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a reveal names its reason', params: { rule: 'reason-required' } });
    }
  });
export type RevealQuery = z.infer<typeof RevealQuerySchema>;
