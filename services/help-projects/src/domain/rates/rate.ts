import type { IsoDate } from '../dates';

export type RateName = 'joint-handling' | 'visit-care' | 'benefit-list';

/** A rate for a region and period, with the households behind both of its numbers, for drill-down. */
export interface Rate {
  rate: RateName;
  regionId: string;
  from: IsoDate;
  to: IsoDate;
  numerator: number;
  denominator: number;
  households: { numerator: string[]; denominator: string[] };
  definition: string;
}

/** The region path of a grid (the grid and the regions above it), as the region directory gives it. */
export type RegionPathOf = (gridId: string) => readonly string[];

export const sortedUnique = (ids: Iterable<string>): string[] => [...new Set(ids)].sort();
