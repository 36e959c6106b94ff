import { liveOnly, type DocumentStore } from '@grid/platform';
import { PERSON_INDEX, type PersonEntry } from './person-index.projection';

type Entry = PersonEntry & { _id: string };

/** Queries on `person_index`. */
export class PersonLookup {
  constructor(private readonly documents: DocumentStore) {}

  private get entries() {
    return this.documents.collection<Entry>(PERSON_INDEX);
  }

  /** The latest entry for an ID number's reference (IdRefs), or null for a person the district has never registered. */
  async byIdHash(idHash: string): Promise<PersonEntry | null> {
    const found = await this.entries.find(liveOnly({ idHash }));
    return found.sort((a, b) => b.position - a.position)[0] ?? null;
  }

  async byPersonId(personId: string): Promise<PersonEntry | null> {
    const entry = await this.entries.get(personId);
    return entry && !(entry as { _deleted?: true })._deleted ? entry : null;
  }
}
