import type { Doc, DocumentStore } from '@grid/platform';
import type { IsoMonth } from '../../domain';
import { findIn } from '../assistance/case-lookup';
import type { RegionTree } from '../regions/region-tree';
import { afterId, REGION_STATISTICS, tailId, tailTally, yearId, yearTally, type GridAfter, type GridTail, type GridYear } from './region-statistics.projection';
import { addInto, plus, plusCounts, type Tally } from './tally';

/** A region's month from `grid_statistics`: the sum of its grids' tallies, and the applications pending now. */
export interface RegionTally {
  tally: Tally;
  pending: Record<string, number>;
}

/** Reads `grid_statistics`: a document or two per grid of the region, whatever the number of its cases. */
export class RegionStatisticsTallies {
  constructor(
    private readonly documents: DocumentStore,
    private readonly tree: RegionTree,
  ) {}

  async of(regionId: string, month: IsoMonth): Promise<RegionTally> {
    const grids = await this.tree.gridsUnder(regionId);
    const col = this.documents.collection<Doc & (GridTail | GridYear | GridAfter)>(REGION_STATISTICS);
    const tails = (await findIn(grids.map(tailId), (slice) => col.find({ _id: { $in: slice } }))) as unknown as GridTail[];
    const year = Number(month.slice(0, 4));
    const ids = tails.map((t) => (year <= t.cap ? yearId(t.gridId, year) : afterId(t.gridId)));
    const found = (await findIn(ids, (slice) => col.find({ _id: { $in: slice } }))) as unknown as (GridYear | GridAfter)[];
    const index = Number(month.slice(5, 7)) - 1;
    const sum: Tally = {};
    let pending: Record<string, number> = {};
    for (const doc of found) {
      if (doc.year === 'after') addInto(sum, tailTally(doc, month));
      else yearTally(doc, index, sum);
    }
    for (const t of tails) pending = plusCounts(pending, t.pending);
    return { tally: plus({}, sum), pending };
  }
}
