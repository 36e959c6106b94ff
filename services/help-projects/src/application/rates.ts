import { benefitListRate, jointHandlingRate, visitCareRate, type Period } from '../domain/rates/rates';
import type { Rate, RateName } from '../domain/rates/rate';
import type { Lookups } from './lookups';
import type { RegionTree } from './region-tree';

/** The three rates of a region and period (live: from the read models as they stand), with drill-down. */
export async function ratesOf(lookups: Lookups, regions: RegionTree, p: Period, only?: RateName): Promise<Rate[]> {
  const rates: Rate[] = [];
  if (!only || only === 'joint-handling') {
    const cases = (await lookups.jointCases()).map((c) => ({ ...c, regionPath: regions.pathOf(c.regionId) }));
    rates.push(jointHandlingRate(cases, p));
  }
  if (only === 'joint-handling') return rates;
  const households = await lookups.factsWithStatus(); // both household rates count only households with a status
  if (!only || only === 'visit-care') rates.push(visitCareRate(households, p, regions.pathOfGrid));
  if (!only || only === 'benefit-list') rates.push(benefitListRate(households, await lookups.benefitLists(p.from, p.to), p, regions.pathOfGrid));
  return rates;
}
