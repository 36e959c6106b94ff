import type { Envelope } from '@grid/contracts';
import type { EventStore } from '@grid/platform';
import { caseStream } from '../../domain';
import type { CaseLookup } from '../../projections/assistance/case-lookup';
import { personStream } from '../assistance/eligibility-facts';
import { householdStream } from '../streams';

/** Every event about one household, from all its streams, in log order. */
export interface HouseholdHistory {
  householdId: string;
  /** The streams read: the household's (with its visits), its members' person streams, its assistance cases. */
  streams: string[];
  events: Envelope[];
}

/** Everyone the household's stream ever held: founding members and those added later. */
export function memberIdsOf(events: readonly Envelope[]): string[] {
  const ids = new Set<string>();
  for (const e of events) {
    const data = e.data as { members?: { personId: string }[]; member?: { personId: string } };
    if (e.type === 'grid-records.household.registered') for (const m of data.members ?? []) ids.add(m.personId);
    if (e.type === 'grid-records.household.member-added' && data.member) ids.add(data.member.personId);
  }
  return [...ids];
}

/**
 * Reads a household's whole history across streams (null when it was never registered). Its cases are found by
 * the case read model (household programs applied from it, and its members' person programs applied anywhere);
 * everything shown is read from the store itself.
 */
export async function readHouseholdHistory(store: EventStore, cases: CaseLookup, householdId: string): Promise<HouseholdHistory | null> {
  const own = await store.readStream(householdStream(householdId));
  if (own.length === 0) return null;
  const members = memberIdsOf(own);
  const found = [...(await cases.ofHouseholds([householdId])), ...(await Promise.all(members.map((p) => cases.ofPerson(p)))).flat()];
  const caseIds = [...new Set(found.map((c) => c.caseId))].sort();
  const others = [...members.map(personStream), ...caseIds.map(caseStream)];
  const read = await Promise.all(others.map((s) => store.readStream(s)));
  const streams = [householdStream(householdId), ...others.filter((_, i) => read[i]!.length > 0)];
  const events = [...own, ...read.flat()].sort((a, b) => a.globalPosition - b.globalPosition);
  return { householdId, streams, events };
}
