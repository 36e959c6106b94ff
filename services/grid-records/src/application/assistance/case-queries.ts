import type { EventStore } from '@grid/platform';
import { caseStream } from '../../domain';
import type { CaseLookup } from '../../projections/assistance/case-lookup';
import { foldCaseView, type CaseView } from '../../projections/assistance/case-view';

/**
 * Reads of assistance cases. One case is folded from its own stream (the truth, with its exact revision for
 * ETag and If-Match); lists come from the `assistance_cases` read model, which the same fold keeps.
 */
export class CaseQueries {
  constructor(
    private readonly store: EventStore,
    private readonly lookup: CaseLookup,
  ) {}

  async view(caseId: string): Promise<CaseView | null> {
    return foldCaseView(await this.store.readStream(caseStream(caseId)));
  }

  ofHousehold(householdId: string): Promise<CaseView[]> {
    return this.lookup.ofHouseholds([householdId]);
  }
}
