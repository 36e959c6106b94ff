import type { DocumentStore } from '@grid/platform';
import { view, type ProjectedDoc } from '@grid/platform';
import { AID_HISTORY, type AidEntry, type AidHistoryDoc } from './aid-history.projection';

/** Queries on `aid_history`. */
export class AidHistoryLookup {
  constructor(private readonly documents: DocumentStore) {}

  /** A household's aid from charity and help projects, latest first (none yet: an empty list). */
  async ofHousehold(householdId: string): Promise<AidEntry[]> {
    const doc = view<AidHistoryDoc>(await this.documents.collection<ProjectedDoc>(AID_HISTORY).get(householdId));
    return [...(doc?.entries ?? [])].sort((a, b) => (a.on === b.on ? a.entryId.localeCompare(b.entryId) : a.on < b.on ? 1 : -1));
  }
}
