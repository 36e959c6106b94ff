import type { EligibilityRule } from '@grid/contracts';
import { evaluate, type Subject } from '../domain/eligibility/evaluate';
import type { HouseholdFacts } from '../domain/facts/household-facts';
import { gridOn } from '../domain/facts/queries';
import type { RegionTree } from './region-tree';

export type EligibleHousehold = { householdId: string; gridId: string; subjects: Subject[] };

/**
 * Who a rule admits on a day among many households: the households of the rule's regions (by their grid that
 * day) whose facts meet it, each with the persons (or the household) and the statuses they qualify by.
 */
export function eligibleHouseholds(rule: EligibilityRule, households: Iterable<HouseholdFacts>, day: string, regions: RegionTree, within: (path: readonly string[]) => boolean = () => true): EligibleHousehold[] {
  const paths = new Map<string, readonly string[]>();
  const out: EligibleHousehold[] = [];
  for (const f of households) {
    const gridId = gridOn(f, day);
    if (gridId === null) continue;
    let path = paths.get(gridId);
    if (!path) paths.set(gridId, (path = regions.pathOf(gridId)));
    if (!rule.regionIds.some((r) => path.includes(r)) || !within(path)) continue;
    const { eligible } = evaluate(rule, f, day, path);
    if (eligible.length > 0) out.push({ householdId: f.householdId, gridId, subjects: eligible });
  }
  return out.sort((a, b) => (a.householdId < b.householdId ? -1 : 1));
}
