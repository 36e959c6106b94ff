import type { Envelope } from '@grid/contracts';
import type { DocumentStore, EventStore } from '@grid/platform';
import { listHouseholds, type HouseholdPage, type HouseholdQuery } from '../../projections/households/household-list';
import { foldHouseholdView, type HouseholdView } from '../../projections/households/household-view';
import { HOUSEHOLDS } from '../../projections/households/households.projection';
import { householdStream } from '../streams';

/**
 * Reads of households. One household is folded from its own stream (the truth, with the stream's exact revision
 * for ETag and If-Match); lists come from the `households` read model, which the same fold keeps.
 */
export class HouseholdQueries {
  constructor(
    private readonly store: EventStore,
    private readonly documents: DocumentStore,
  ) {}

  async view(householdId: string): Promise<HouseholdView | null> {
    const view = foldHouseholdView(await this.store.readStream(householdStream(householdId)));
    if (!view) return null;
    // The statuses live on the assistance streams, not this one: the read model gathers them.
    const doc = await this.documents.collection<HouseholdView & { _id: string }>(HOUSEHOLDS).get(householdId);
    return { ...view, statuses: doc?.statuses ?? [] };
  }

  history(householdId: string): Promise<Envelope[]> {
    return this.store.readStream(householdStream(householdId));
  }

  list(query: HouseholdQuery): Promise<HouseholdPage> {
    return listHouseholds(this.documents, query);
  }
}
