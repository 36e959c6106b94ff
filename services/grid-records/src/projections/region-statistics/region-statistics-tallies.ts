import { InterruptedRebuildError, loadProjectionCheckpoint, type Doc, type DocumentStore, type EventStore } from '@grid/platform';
import type { IsoMonth } from '../../domain';
import { findIn } from '../assistance/case-lookup';
import type { RegionTree } from '../regions/region-tree';
import { afterId, REGION_STATISTICS, REGION_STATISTICS_PROJECTION, tailId, tailTally, yearId, yearTally, type GridAfter, type GridTail, type GridYear } from './region-statistics.projection';
import { addInto, plus, plusCounts, type Tally } from './tally';

/** A region's month from `grid_statistics`: the sum of its grids' tallies, and the applications pending now. */
export interface RegionTally {
  tally: Tally;
  pending: Record<string, number>;
}

/** Reads `grid_statistics`: a document or two per grid of the region, whatever the number of its cases. */
export class RegionStatisticsTallies {
  /** The store's head when the service started; absent, the model is taken as built (the checks that compare it). */
  private readonly headAtStart?: Promise<number>;
  private built = false;

  constructor(
    private readonly documents: DocumentStore,
    private readonly tree: RegionTree,
    store?: Pick<EventStore, 'headPosition'>,
  ) {
    this.headAtStart = store?.headPosition();
    this.headAtStart?.catch(() => undefined); // asked again by built()
  }

  /**
   * Whether the model holds every event the store held when the service started. Until then it may be half built
   * (its first start after an upgrade replays it from 0, as does the start after a rebuild that dropped it) and its
   * sums are partial tallies, not the statistics: the table is read from `region_cases`. Once reached, it stays.
   */
  async isBuilt(): Promise<boolean> {
    if (this.built || !this.headAtStart) return true;
    const [checkpoint, head] = await Promise.all([
      loadProjectionCheckpoint(this.documents, REGION_STATISTICS_PROJECTION).catch((error: unknown) => {
        if (error instanceof InterruptedRebuildError) return -1;
        throw error;
      }),
      this.headAtStart,
    ]);
    this.built = checkpoint >= head;
    return this.built;
  }

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
