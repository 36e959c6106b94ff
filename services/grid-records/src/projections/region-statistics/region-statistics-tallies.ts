import type { Doc, DocumentStore } from '@grid/platform';
import type { IsoMonth } from '../../domain';
import { findIn } from '../assistance/case-lookup';
import type { RegionTree } from '../regions/region-tree';
import { REGION_STATISTICS, tailId, tailTally, yearId, type GridTail, type GridYear } from './region-statistics.projection';
import { plus, plusCounts, type Tally } from './tally';

/** A region's month from `region_statistics`: the sum of its grids' tallies, and the applications pending now. */
export interface RegionTally {
  tally: Tally;
  pending: Record<string, number>;
}

/** Reads `region_statistics`: a document or two per grid of the region, whatever the number of its cases. */
export class RegionStatisticsTallies {
  constructor(
    private readonly documents: DocumentStore,
    private readonly tree: RegionTree,
  ) {}

  async of(regionId: string, month: IsoMonth): Promise<RegionTally> {
    const grids = await this.tree.gridsUnder(regionId);
    const col = this.documents.collection<Doc & (GridTail | GridYear)>(REGION_STATISTICS);
    const tails = (await findIn(grids.map(tailId), (slice) => col.find({ _id: { $in: slice } }))) as unknown as GridTail[];
    const year = Number(month.slice(0, 4));
    const within = tails.filter((t) => year <= t.cap);
    const years = (await findIn(
      within.map((t) => yearId(t.gridId, year)),
      (slice) => col.find({ _id: { $in: slice } }),
    )) as unknown as GridYear[];
    const index = Number(month.slice(5, 7)) - 1;
    let tally: Tally = {};
    let pending: Record<string, number> = {};
    for (const y of years) tally = plus(tally, y.months[index]!);
    for (const t of tails) {
      if (year > t.cap) tally = plus(tally, tailTally(t, month));
      pending = plusCounts(pending, t.pending);
    }
    return { tally, pending };
  }
}
