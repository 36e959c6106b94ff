import type { RegionLevel } from '@grid/contracts';
import { liveOnly, type DocumentStore } from '@grid/platform';
import type { HouseholdView } from '../../projections/households/household-view';
import { HOUSEHOLDS } from '../../projections/households/households.projection';
import type { RegionTree } from '../../projections/regions/region-tree';

/**
 * What still lives in a region node, for the closing rules: its open child nodes and the active households
 * registered in it. Both need a search, so they come from the read models (README "Gather facts"), which the close
 * lets catch up with the store first; a registration still in flight at that moment may be missed (see Known limits).
 */
export class RegionOccupancy {
  constructor(
    private readonly documents: DocumentStore,
    private readonly tree: RegionTree,
  ) {}

  async openChildren(regionId: string): Promise<number> {
    return (await this.tree.children(regionId)).length;
  }

  /**
   * Active households registered in the node: by `gridId` for a grid or micro-grid, by `buildingId` for a building.
   * Above the grids households live in child nodes, which the children rule covers; moved-out and ended households
   * are history and stay where they were.
   */
  activeHouseholds(regionId: string, level: RegionLevel): Promise<number> {
    const field = level === 'building' ? 'buildingId' : 'gridId';
    return this.documents.collection<HouseholdView & { _id: string }>(HOUSEHOLDS).count(liveOnly({ [field]: regionId, status: 'active' }));
  }
}
