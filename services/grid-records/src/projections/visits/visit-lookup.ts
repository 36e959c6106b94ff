import { liveOnly, type Doc, type DocumentStore } from '@grid/platform';
import { findIn } from '../assistance/case-lookup';
import { VISITS, type VisitView } from './visits.projection';

type Stored = VisitView & Doc & { _seen?: unknown };
const clean = ({ _id: _i, _seen: _s, _version: _v, ...visit }: Stored): VisitView => visit;

/** Queries on `visits`. */
export class VisitLookup {
  constructor(private readonly documents: DocumentStore) {}

  private get visits() {
    return this.documents.collection<Stored>(VISITS);
  }

  /** A household's visits, latest first. */
  async ofHousehold(householdId: string): Promise<VisitView[]> {
    const found = await this.visits.find(liveOnly({ householdId }), { sort: { field: 'visitedOn', direction: -1 } });
    return found.map(clean);
  }

  /** Visits to any of these households (for visits due: the last one before a date counts). */
  ofHouseholds(householdIds: readonly string[]): Promise<VisitView[]> {
    return findIn(householdIds, async (slice) => (await this.visits.find(liveOnly({ householdId: { $in: slice } }))).map(clean));
  }
}
