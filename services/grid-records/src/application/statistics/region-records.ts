import { liveOnly, type Doc, type DocumentStore } from '@grid/platform';
import type { CaseLookup } from '../../projections/assistance/case-lookup';
import { findIn } from '../../projections/assistance/case-lookup';
import type { CaseView } from '../../projections/assistance/case-view';
import { withoutClearBirthDate } from '../../projections/assistance/stored-state';
import { HOUSEHOLDS } from '../../projections/households/households.projection';
import type { HouseholdView } from '../../projections/households/household-view';
import { REGION_CASES, type RegionCase } from '../../projections/region-cases/region-cases.projection';
import type { RegionTree } from '../../projections/regions/region-tree';

/** The households registered in a region's grids (now), and every case applied from them. */
export interface RegionRecords {
  households: Map<string, HouseholdView>;
  cases: CaseView[];
}

type Stored<T> = T & Doc & { _seen?: unknown };

const clean = <T>({ _id: _i, _seen: _s, _version: _v, ...doc }: Stored<T>): T => doc as T;

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

  /** Every household document of the region and every case with its history: for reports that need both. */
  async read(regionId: string): Promise<RegionRecords> {
    const grids = await this.tree.gridsUnder(regionId);
    const found = await findIn(grids, (slice) =>
      this.documents.collection<Stored<HouseholdView>>(HOUSEHOLDS).find(liveOnly({ gridId: { $in: slice } })),
    );
    const households = new Map(found.map((h) => [h.householdId, clean<HouseholdView>(h)]));
    return { households, cases: await this.cases.ofHouseholds([...households.keys()]) };
  }

  /** The same cases as `read`, as their states only (`region_cases`): what statistics and rosters need. */
  async casesIn(regionId: string): Promise<RegionCase[]> {
    const grids = await this.tree.gridsUnder(regionId);
    const found = await findIn(grids, (slice) =>
      this.documents.collection<Stored<RegionCase>>(REGION_CASES).find(liveOnly({ gridId: { $in: slice } })),
    );
    return found.map((c) => withoutClearBirthDate(clean<RegionCase>(c)));
  }

  /** Household documents by id (those missing are left out). */
  async households(householdIds: Iterable<string>): Promise<Map<string, HouseholdView>> {
    const col = this.documents.collection<Stored<HouseholdView> & { _deleted?: true }>(HOUSEHOLDS);
    const found = await Promise.all([...new Set(householdIds)].map((id) => col.get(id)));
    return new Map(found.filter((h) => h !== null && !h._deleted).map((h) => [h!.householdId, clean<HouseholdView>(h!)]));
  }
}
