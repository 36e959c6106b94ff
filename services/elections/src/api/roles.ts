import { REGION_OFFICIAL_ROLES, type RoleDefinition } from '@grid/platform/http';

/** The composed services, as controllers inject them. */
export const SERVICES = Symbol('ElectionsServices');

/** 村民/居民选举委员会: runs the elections of its community or village (its token's scope). */
export const ELECTIONS_ROLES: readonly RoleDefinition[] = [
  { name: 'election-committee', description: '选举委员会 election committee: runs the elections of its community or village' },
  ...REGION_OFFICIAL_ROLES,
];

/** Who runs an election: the committee in its community; street and district officials oversee in their scope. */
export const ELECTION_RUNNERS = ['election-committee', 'street-official', 'district-official'];
export const ELECTION_READERS = [...ELECTION_RUNNERS, 'community-official', 'auditor'];
