import { refused } from '@grid/platform/decider';
import type { Role } from '@grid/contracts';
import { PROGRAMS, SOURCES, TOWNSHIP_TEMPORARY_LIMIT_FEN } from './programs';
import type { AssistanceState } from './types';

export type ApproverLevel = 'township' | 'district';

/** The level an official decides at: 街道/乡镇 officials for the township, 区 officials for the district. */
export function levelOf(role: Role): ApproverLevel | null {
  if (role === 'street-official') return 'township';
  if (role === 'district-official') return 'district';
  return null;
}

/**
 * Who must decide: the program's level; the district above the township's amount limit (临时救助); the
 * district always for a registered official's relative (近亲属备案: township approval is not enough).
 */
export function requiredLevel(
  s: Pick<AssistanceState, 'program' | 'flagged'>,
  amountFen: number,
): { level: ApproverLevel; rule: string; source: string } {
  const def = PROGRAMS[s.program];
  if (s.flagged) return { level: 'district', rule: 'official-relative-needs-district', source: SOURCES.officialRelative };
  if (def.approval === 'district') return { level: 'district', rule: 'district-approval-required', source: def.source };
  if (def.approval === 'township') return { level: 'township', rule: 'district-approval-required', source: def.source };
  return amountFen > def.approval.townshipUpToFen
    ? { level: 'district', rule: 'township-limit-exceeded', source: SOURCES.temporary }
    : { level: 'township', rule: 'district-approval-required', source: def.source };
}

/** Throws unless `role` may take the decision; returns the level it was taken at. */
export function checkDecider(s: Pick<AssistanceState, 'program' | 'flagged'>, role: Role, amountFen = 0): ApproverLevel {
  const level = levelOf(role);
  if (!level)
    throw refused('approver-role', `a ${role} cannot approve or reject: township or district officials decide`, { field: 'by.role' });
  const need = requiredLevel(s, amountFen);
  if (need.level === 'district' && level !== 'district') {
    const detail =
      need.rule === 'township-limit-exceeded'
        ? `the township approves up to ${TOWNSHIP_TEMPORARY_LIMIT_FEN / 100} 元 per person per time; above that the district decides`
        : need.rule === 'official-relative-needs-district'
          ? 'the applicant is a registered close relative of an official: the district decides'
          : `${PROGRAMS[s.program].term} is approved by the district`;
    throw refused(need.rule, detail, { source: need.source, field: 'by.role' });
  }
  return level;
}
