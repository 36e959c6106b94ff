import { evolveFacts, householdOf, type GridRecordsFact } from './evolve-facts';
import { noFacts, type HouseholdFacts } from './household-facts';

/** Every household's facts from a batch of grid-records events (a rebuild, a test, a benchmark). */
export function foldFacts(events: Iterable<GridRecordsFact>, from: ReadonlyMap<string, HouseholdFacts> = new Map()): Map<string, HouseholdFacts> {
  const facts = new Map(from);
  for (const e of events) {
    const householdId = householdOf(e);
    if (householdId === null) continue;
    facts.set(householdId, evolveFacts(facts.get(householdId) ?? noFacts(householdId), e));
  }
  return facts;
}
