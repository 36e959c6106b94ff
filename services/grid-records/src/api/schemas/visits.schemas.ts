import { VISIT_FINDINGS, visitRecorded } from '@grid/contracts';
import { textSchema } from '@grid/platform/http';
import { z } from 'zod';
import { DateSchema, IdSchema, WriteResultSchema } from './common';

export const RecordVisitBody = z
  .object({
    visitedOn: DateSchema.describe('走访日期 · day of the visit'),
    kind: visitRecorded.data.shape.kind.describe('走访类型 · routine, care (探访关爱) or follow-up'),
    findings: z
      .array(z.enum(VISIT_FINDINGS))
      .min(1)
      .max(10)
      .describe(`走访结论 · findings: ${VISIT_FINDINGS.join(', ')}`),
    personIds: z.array(IdSchema).max(30).default([]).describe('见到的成员 · the members seen (none when nobody was met)'),
    note: textSchema({ max: 2000, multiline: true }).optional().describe('走访记录 (加密保存) · note, stored encrypted'),
  })
  .describe('登记走访 · record a visit');

export const VisitWriteResultSchema = WriteResultSchema.extend({ visitId: z.string().describe('走访 · the visit recorded') });

export const VisitListSchema = z
  .object({
    items: z.array(
      z.object({
        visitId: z.string(),
        visitedOn: z.string(),
        kind: z.string(),
        findings: z.array(z.string()),
        personIds: z.array(z.string()),
        note: z.string().nullable().describe('按角色显示 · clear for grid workers, hidden for others'),
        by: z.object({ id: z.string(), role: z.string() }),
        recordedAt: z.string(),
      }),
    ),
    disclosure: z.enum(['clear', 'masked']),
  })
  .describe('走访记录 · visits, latest first');
