import type { Recipient } from '@grid/contracts';
import type { GoodsDestination } from '../domain/fund/types';
import type { RegionDirectory } from '@grid/platform';
import { refused } from '@grid/platform/decider';
import type { CharityLookup } from '../projections/lookups';

/**
 * Where an allocation goes, checked against what charity learned from events: a household grid-records registered
 * and has not closed (its region path from its grid), a project help-projects published. Never by asking them.
 */
export class Recipients {
  constructor(
    private readonly lookup: CharityLookup,
    private readonly regions: RegionDirectory,
  ) {}

  /** The region and the regions above it, up to the district. */
  async pathOf(regionId: string): Promise<string[]> {
    const path: string[] = [];
    for (let at: string | null = regionId; at !== null && path.length < 10; ) {
      const node = await this.regions.node(at);
      if (!node) break;
      path.push(node.regionId);
      at = node.parentId;
    }
    return path;
  }

  /** `field`: where the body names the recipient (`recipient` of an allocation, `to` of an issue of goods). */
  async regionPath(recipient: Recipient | GoodsDestination, regionId: string | undefined, field = 'recipient'): Promise<string[]> {
    if (recipient.kind === 'household') {
      const h = await this.lookup.household(recipient.householdId);
      if (!h || h.gridId === null) throw refused('unknown-household', 'no household with this id is registered in grid-records', { field: `${field}.householdId` });
      if (h.closedOn !== null) throw refused('household-closed', `the household left the records on ${h.closedOn}`, { field: `${field}.householdId` });
      return this.pathOf(h.gridId);
    }
    if (recipient.kind === 'project' && !(await this.lookup.project(recipient.projectId))) {
      throw refused('unknown-project', 'no help project with this id has been published', { field: `${field}.projectId` });
    }
    return regionId === undefined ? [] : this.pathOf(regionId);
  }
}
