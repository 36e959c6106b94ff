import { REGION_OFFICIAL_ROLES, type RoleDefinition } from '@grid/platform/http';

/** The composed services, as controllers inject them. */
export const SERVICES = Symbol('CharityServices');

/** 慈善组织工作人员: a token scoped to its organisation's id (not a region). */
export const CHARITY_ROLES: readonly RoleDefinition[] = [
  { name: 'charity-staff', description: '慈善组织工作人员 charity staff: campaigns, donations, receipts, funds and disclosures of their own organisation (token scope: the organisation id)' },
  ...REGION_OFFICIAL_ROLES,
];

/** Who writes an organisation's books: its own staff. */
export const STAFF = ['charity-staff'];
/** 民政 registers charitable organisations and grants the public-fundraising qualification. */
export const REGISTRARS = ['district-official'];
/** District officials (民政 supervises charities) and auditors read everything in their scope; staff their organisation. */
export const READERS = ['charity-staff', 'district-official', 'auditor'];
/** Who records overdue disclosures: the organisation's staff, and 民政 supervising it. */
export const FLAGGERS = ['charity-staff', 'district-official'];
