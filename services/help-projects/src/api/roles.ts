import { REGION_OFFICIAL_ROLES, type RoleDefinition } from '@grid/platform/http';

/** The composed services, as controllers inject them. */
export const SERVICES = Symbol('HelpProjectsServices');

/**
 * A consortium member's token names the member as its subject and the member's region as its scope: it acts as
 * that member only. An operator runs a level of the consortium (county, township, village) in its region.
 */
export const HELP_PROJECTS_ROLES: readonly RoleDefinition[] = [
  { name: 'consortium-member', description: '助联体成员单位 consortium member (department, social organisation, enterprise): acts as itself (token subject = member id) in its region' },
  { name: 'consortium-operator', description: '助联体运营 consortium operator: runs a level of the consortium (county, township, village) in its region' },
  ...REGION_OFFICIAL_ROLES,
];

export const OPERATORS = ['consortium-operator'];
export const WRITERS = ['consortium-member', 'consortium-operator'];
export const READERS = [...WRITERS, 'community-official', 'street-official', 'district-official', 'auditor'];
