import { liveOnly, type Doc, type DocumentStore, type Filter } from '@grid/platform';
import { ASSISTANCE_CASES } from './assistance-cases.projection';
import { withoutClearBirthDate } from './stored-state';
import type { CaseView } from './case-view';

type Stored = CaseView & Doc & { _seen?: unknown; _deleted?: true };

/** `$in` lists are sent in slices: a district has tens of thousands of households, a query takes a few hundred ids. */
export const IN_SLICE = 500;

/** Runs a query per slice of ids and concatenates the answers. */
export async function findIn<T>(ids: readonly string[], query: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IN_SLICE) out.push(...(await query(ids.slice(i, i + IN_SLICE))));
  return out;
}

/** The document without the store's bookkeeping: exactly the fold of the stream. */
const clean = ({ _id: _i, _seen: _s, _version: _v, _deleted: _d, ...view }: Stored): CaseView => withoutClearBirthDate(view as CaseView);

/** Queries on `assistance_cases`. */
export class CaseLookup {
  constructor(private readonly documents: DocumentStore) {}

  private find(filter: Filter): Promise<CaseView[]> {
    return this.documents
      .collection<Stored>(ASSISTANCE_CASES)
      .find(liveOnly(filter))
      .then((docs) => docs.map(clean));
  }

  async byId(caseId: string): Promise<CaseView | null> {
    const doc = await this.documents.collection<Stored>(ASSISTANCE_CASES).get(caseId);
    return doc && !doc._deleted ? clean(doc) : null;
  }

  /** Cases of person programs for this person, whichever household they were applied from. */
  ofPerson(personId: string): Promise<CaseView[]> {
    return this.find({ personId });
  }

  /** Every case applied from these households (household programs and their members' person programs). */
  ofHouseholds(householdIds: readonly string[]): Promise<CaseView[]> {
    return findIn(householdIds, (slice) => this.find({ householdId: { $in: slice } }));
  }
}
