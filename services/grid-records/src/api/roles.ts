import type { Role } from '@grid/contracts';
import { REGION_OFFICIAL_ROLES, type RoleDefinition } from '@grid/platform/http';
import type { StepName } from '../application/assistance/case-steps';

/** The roles grid-records registers: its grid workers, and the region officials (auditors are the platform's). */
export const GRID_RECORDS_ROLES: readonly RoleDefinition[] = [
  { name: 'grid-worker', description: '网格员 grid worker: the households of the grids assigned' },
  ...REGION_OFFICIAL_ROLES,
];

/** Who may call what (docs/domain-glossary.md §6; issue 4). Routes name one of these, so the rules read in one place. */
export const OFFICIALS: Role[] = ['community-official', 'street-official', 'district-official'];
/**
 * 撤销/合并 a region node: the district, and a street/township for the nodes below it (the controller refuses a
 * street official the street itself); community officials propose, they do not close.
 */
export const REGION_CLOSERS: Role[] = ['street-official', 'district-official'];
/** 近亲属备案 is filed by the office (community, township, district), read by officials and auditors. */
export const FILING_READERS: Role[] = [...OFFICIALS, 'auditor'];
/** Grid workers register and update the households of their own grids. */
export const HOUSEHOLD_WRITERS: Role[] = ['grid-worker'];
/** 信息更正 of a name or ID number is confirmed (审查属实) by officials; the decider checks the same (CORRECTION_CONFIRMERS). */
export const CORRECTION_DECIDERS: Role[] = OFFICIALS;
/** Auditors read only; officials read masked. */
export const READERS: Role[] = ['grid-worker', ...OFFICIALS, 'auditor'];

/** 删除个人信息 is decided by the district (the controller of the register's personal data). */
export const ERASERS: Role[] = ['district-official'];
/** 审计: the audit questions (timeline, as-of, why, overpayments) are the auditors' own. */
export const AUDITORS: Role[] = ['auditor'];

/** Applications (申请) are taken by grid workers at the door, and by community and township officials at the window. */
export const APPLICANTS: Role[] = ['grid-worker', 'community-official', 'street-official'];
/** 街道/乡镇 and 区: the decider further refuses a township decision the district must take. */
const DECIDERS: Role[] = ['street-official', 'district-official'];
/**
 * Who takes each step of an assistance case: grid workers do the home check (入户核查), the township reviews
 * (审核) and publishes the notice (公示), approvals go to the level the rules require (checked by the decider).
 */
export const STEP_ROLES: Record<StepName, Role[]> = {
  'home-check': ['grid-worker', 'community-official'],
  review: DECIDERS,
  notice: DECIDERS,
  objection: ['grid-worker', 'community-official', 'street-official'],
  'objection-decision': DECIDERS,
  approve: DECIDERS,
  reject: DECIDERS,
  'change-class': DECIDERS,
  'review-done': DECIDERS,
  suspend: DECIDERS,
  resume: DECIDERS,
  exit: DECIDERS,
  cancel: DECIDERS,
};
/** Anyone who takes some step: the route admits them, the step's own list decides. */
export const STEP_TAKERS: Role[] = [...new Set(Object.values(STEP_ROLES).flat())];
/** 走访/探访关爱: grid workers mostly, community and township officials too. */
export const VISITORS: Role[] = ['grid-worker', 'community-official', 'street-official'];

/** DI token of the composed application (composition.ts). */
export const SERVICES = Symbol('GridRecordsServices');
