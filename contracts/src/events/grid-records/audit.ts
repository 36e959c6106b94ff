import { z } from 'zod';
import { defineEvent } from '../../registry';
import { By, Id, IsoDate } from './common';

/** The audit queries an auditor can ask (docs/audit.md, "Audit queries"). */
export const AUDIT_QUERIES = ['timeline', 'as-of', 'why', 'overpayments'] as const;
export const AuditQuerySchema = z.enum(AUDIT_QUERIES);
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/**
 * Stream `audit-<YYYY-MM-DD>` (the day asked, UTC): who asked which audit question about what, when. Ids and
 * dates only, never personal data (PIPL 第五十一条: access is accountable). Internal: no topic, not relayed.
 */
export const auditQueryRecorded = defineEvent({
  type: 'grid-records.audit.query-recorded',
  schemaVersion: 1,
  description: 'An audit query was asked (审计查询留痕): which question, about which household or region, with which dates.',
  data: z.object({
    query: AuditQuerySchema,
    subject: z.object({ kind: z.enum(['household', 'region']), id: Id }),
    /** The question's parameters: dates, a program code, a month range; never a name or an ID number. */
    parameters: z.record(z.string().regex(/^[a-zA-Z]{1,40}$/), z.union([IsoDate, z.iso.datetime({ offset: true }), z.string().regex(/^[a-z0-9-]{1,60}$/)])),
    by: By,
  }),
});

export const auditEvents = [auditQueryRecorded];
