import { liveOnly, type DocumentStore } from '@grid/platform';
import type { CaseLookup } from '../../projections/assistance/case-lookup';
import { findIn } from '../../projections/assistance/case-lookup';
import type { CaseView } from '../../projections/assistance/case-view';
import { HOUSEHOLDS } from '../../projections/households/households.projection';
import type { HouseholdView } from '../../projections/households/household-view';
import type { RegionTree } from '../../projections/regions/region-tree';

/** The households registered in a region's grids (now), and every case applied from them. */
export interface RegionRecords {
  households: Map<string, HouseholdView>;
  cases: CaseView[];
}

type Stored = HouseholdView & { _id: string };

/**
 * Reads a region's records from the read models: grids under the node, their households, their cases. A
 * household counts where it is registered now (a transfer takes its statuses along, history included).
 */
export class RegionRecordsReader {
  constructor(
    private readonly documents: DocumentStore,
    private readonly tree: RegionTree,
    private readonly cases: CaseLookup,
  ) {}

  async read(regionId: string): Promise<RegionRecords> {
    const grids = await this.tree.gridsUnder(regionId);
    const found = await findIn(grids, (slice) => this.documents.collection<Stored>(HOUSEHOLDS).find(liveOnly({ gridId: { $in: slice } })));
    const households = new Map(found.map(({ _id: _i, ...h }) => [h.householdId, h as HouseholdView]));
    return { households, cases: await this.cases.ofHouseholds([...households.keys()]) };
  }
}
