import type { RegionLevel } from '@grid/contracts';
import { liveOnly, type DocumentStore, type EventStore } from '@grid/platform';
import type { HouseholdState } from '../../domain';
import { readHousehold } from '../households/household-stream';
import type { HouseholdView } from '../../projections/households/household-view';
import { HOUSEHOLDS } from '../../projections/households/households.projection';
import type { RegionTree } from '../../projections/regions/region-tree';

/**
 * What still lives in a region node, for the closing rules. Households admitted on the node's stream are checked
 * on their own streams (`departed`); open child nodes, and households registered before admissions were written,
 * need a search, so they come from the read models (README "Gather facts"), which the close lets catch up first.
 */
export class RegionOccupancy {
  constructor(
    private readonly store: EventStore,
    private readonly documents: DocumentStore,
    private readonly tree: RegionTree,
  ) {}

  async openChildren(regionId: string): Promise<number> {
    return (await this.tree.children(regionId)).length;
  }

  /**
   * Active households registered in the node, by id, as the read model has them: by `gridId` for a grid or
   * micro-grid, by `buildingId` for a building. Above the grids households live in child nodes, which the children
   * rule covers; moved-out and ended households are history and stay where they were.
   */
  async activeHouseholds(regionId: string, level: RegionLevel): Promise<string[]> {
    const field = level === 'building' ? 'buildingId' : 'gridId';
    const views = await this.documents.collection<HouseholdView & { _id: string }>(HOUSEHOLDS).find(liveOnly({ [field]: regionId, status: 'active' }));
    return views.map((v) => v._id);
  }

  /**
   * Of the households admitted to the node, those whose own stream shows them gone: moved out, ended, or in another
   * grid or building. A household whose stream is still empty is on its way in (its registration is being written).
   */
  async departed(admitted: readonly string[], regionId: string, level: RegionLevel): Promise<string[]> {
    const states = await Promise.all(admitted.map((id) => readHousehold(this.store, id)));
    const where = (s: HouseholdState) => (level === 'building' ? s.buildingId : s.gridId);
    return admitted.filter((_, i) => {
      const s = states[i]!;
      return s.status !== 'none' && (s.status !== 'active' || where(s) !== regionId);
    });
  }
}
