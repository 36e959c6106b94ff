import { refused, type Decider } from '@grid/platform/decider';
import type { auditQueryRecorded } from '@grid/contracts';
import { evt, type Actor, type DataOf, type Evt } from '../shared/events';
import { DISCLOSURE_SOURCE } from '../household/disclosure';
import { holdsPersonalNumber } from '../shared/personal-numbers';

type Recorded = DataOf<typeof auditQueryRecorded>;

/** `at`: the moment asked (an ISO timestamp from the caller: the domain reads no clock). */
export type AuditQueryCommand = { type: 'record-audit-query'; query: Recorded['query']; subject: Recorded['subject']; parameters: Record<string, string>; at: string; by: Actor };
export type AuditQueryEvent = Evt<'grid-records.audit.query-recorded', Recorded>;

/** Dates and timestamps are parameters; any other value is checked for a personal number. */
const DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * 审计查询留痕: who asked which audit question about what, when. The record holds ids and dates only, so the
 * trail of who looked at whom is itself free of personal data; nothing in the day's trail constrains a question.
 */
export function decideAuditQuery(cmd: AuditQueryCommand): AuditQueryEvent[] {
  if (Object.values(cmd.parameters).some((v) => !DATE_OR_TIME.test(v) && holdsPersonalNumber(v)))
    throw refused('personal-data-in-query', 'an audit query records ids and dates only', { source: DISCLOSURE_SOURCE });
  return [evt('grid-records.audit.query-recorded', { query: cmd.query, subject: cmd.subject, parameters: cmd.parameters, by: cmd.by }, cmd.at)];
}

export const auditQueryDecider: Decider<AuditQueryCommand, AuditQueryEvent, null> = {
  initialState: null,
  decide: (cmd) => decideAuditQuery(cmd),
  evolve: (s) => s,
};
