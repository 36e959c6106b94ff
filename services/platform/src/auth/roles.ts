import { ROLE_PATTERN } from '@grid/contracts';

/** A role a service adds (grid-records: grid-worker and the officials; elections: election-committee …). */
export interface RoleDefinition {
  name: string;
  /** Who holds it, with the Chinese title (`网格员 grid worker`). */
  description: string;
}

/** Roles of every deployment: the auditor reads every service; `service` and `system` act for software. */
export const PLATFORM_ROLES: readonly RoleDefinition[] = [
  { name: 'auditor', description: '审计 auditor: reads every service, replays and verifies history' },
  { name: 'service', description: 'another service or department, calling with a service token' },
  { name: 'system', description: 'the system itself: reactions, rules and migrations' },
];

/** The officials of the region hierarchy (社区/街道/区): every service whose routes admit them adds these. */
export const REGION_OFFICIAL_ROLES: readonly RoleDefinition[] = [
  { name: 'community-official', description: '社区/村干部 community or village official' },
  { name: 'street-official', description: '街道/乡镇干部 street or township official' },
  { name: 'district-official', description: '区民政局 district civil-affairs official' },
];

/**
 * The roles a process knows: the platform's and those of the services it runs. A token with any other role
 * is refused (401), and a route naming one fails the boot.
 */
export class RoleRegistry {
  private readonly byName = new Map<string, RoleDefinition>();

  constructor(...sets: readonly (readonly RoleDefinition[])[]) {
    for (const role of [...PLATFORM_ROLES, ...sets.flat()]) this.add(role);
  }

  add(role: RoleDefinition): void {
    if (!ROLE_PATTERN.test(role.name)) throw new Error(`role "${role.name}" is not a kebab-case name`);
    const known = this.byName.get(role.name);
    // Two services may both add a role (officials act in several services) if they mean the same by it.
    if (known && known.description !== role.description) throw new Error(`role "${role.name}" is registered twice with different descriptions`);
    this.byName.set(role.name, role);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  list(): RoleDefinition[] {
    return [...this.byName.values()];
  }
}

export const ROLE_REGISTRY = Symbol('RoleRegistry');
