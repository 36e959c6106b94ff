import { isDeepStrictEqual } from 'node:util';
import type { DocumentStore, EventStore } from '@grid/platform';
import { DEFAULT_STANDARDS, addMonths, firstDayOf, monthOf, paymentRoster, type IsoMonth, type StandardsSet } from '../../domain';
import { CaseLookup } from '../../projections/assistance/case-lookup';
import type { CaseView } from '../../projections/assistance/case-view';
import { RegionTree } from '../../projections/regions/region-tree';
import { keepsRegionStatistics } from '../../projections/read-models';
import { RegionStatisticsTallies } from '../../projections/region-statistics/region-statistics-tallies';
import { VisitLookup } from '../../projections/visits/visit-lookup';
import { PaymentRosters, rosterOf } from '../roster/payment-rosters';
import { RegionRecordsReader } from './region-records';
import { RegionStatistics, statisticsOf } from './region-statistics';

/** Every month from `from` to `until`, both included. */
export function monthsBetween(from: IsoMonth, until: IsoMonth): IsoMonth[] {
  const months: IsoMonth[] = [];
  for (let m = from; m <= until; m = monthOf(addMonths(firstDayOf(m), 1))) months.push(m);
  return months;
}

const answer = <T>(fn: () => T): T | { refused: string } => {
  try {
    return fn();
  } catch (error) {
    return { refused: error instanceof Error ? error.message : String(error) };
  }
};

const settled = async <T>(p: Promise<T>): Promise<T | { refused: string }> =>
  p.catch((error: unknown) => ({ refused: error instanceof Error ? error.message : String(error) }));

const stateOf = ({ steps: _s, revision: _r, updatedAt: _u, ...state }: CaseView) => state;

/**
 * Where a region's statistics (summed from `grid_statistics`, what the API answers, and from `region_cases`) and
 * payment rosters (from `region_cases`) differ from the same reports computed from every household document and every
 * case history of the region (how they were read before `region_cases`): the cases' states, then each month's tables
 * and roster. Empty when they agree.
 */
export async function regionReportDifferences(
  deps: { store: EventStore; documents: DocumentStore; standards?: readonly StandardsSet[] },
  regionId: string,
  months: readonly IsoMonth[],
): Promise<string[]> {
  const { store, documents, standards = DEFAULT_STANDARDS } = deps;
  const records = new RegionRecordsReader(documents, new RegionTree(documents), new CaseLookup(documents));
  const tree = new RegionTree(documents);
  const tallies = keepsRegionStatistics(documents) && standards === DEFAULT_STANDARDS ? new RegionStatisticsTallies(documents, tree) : undefined;
  const statistics = new RegionStatistics(records, new VisitLookup(documents), standards, tallies);
  const rosters = new PaymentRosters(store, records, standards);
  const before = await records.read(regionId);
  const differences: string[] = [];
  const byCase = <T extends { caseId: string }>(cases: T[]) => new Map(cases.map((c) => [c.caseId, c]));
  const [was, now] = [
    byCase(before.cases.map(stateOf)),
    byCase((await records.casesIn(regionId)).map(({ gridId: _g, ...state }) => state)),
  ];
  for (const id of new Set([...was.keys(), ...now.keys()]))
    if (!isDeepStrictEqual(was.get(id), now.get(id)))
      differences.push(`${regionId}: case ${id}: ${JSON.stringify(was.get(id))} ≠ ${JSON.stringify(now.get(id))}`);
  for (const month of months) {
    const table = answer(() => statisticsOf(regionId, month, before.cases, standards));
    if (!isDeepStrictEqual(table, await settled(statistics.statisticsFromCases(regionId, month))))
      differences.push(`${regionId} ${month}: statistics from region_cases differ`);
    const summed = await settled(statistics.statistics(regionId, month));
    if (!isDeepStrictEqual(table, summed))
      differences.push(`${regionId} ${month}: statistics differ: ${JSON.stringify(table)} ≠ ${JSON.stringify(summed)}`);
    const roster = answer(() =>
      rosterOf(regionId, month, null, before.cases, before.households, paymentRoster(before.cases, standards, month)),
    );
    if (!isDeepStrictEqual(roster, await settled(rosters.roster(regionId, month))))
      differences.push(`${regionId} ${month}: roster differs`);
  }
  return differences;
}
