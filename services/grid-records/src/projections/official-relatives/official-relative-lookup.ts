import { liveOnly, type DocumentStore } from '@grid/platform';
import { OFFICIAL_RELATIVES, type OfficialRelativeFiling } from './official-relatives.projection';

type Doc = OfficialRelativeFiling & { _id: string; _deleted?: true };

/** Queries on `official_relatives` (近亲属备案). */
export class OfficialRelativeLookup {
  constructor(private readonly documents: DocumentStore) {}

  private get filings() {
    return this.documents.collection<Doc>(OFFICIAL_RELATIVES);
  }

  async byId(registrationId: string): Promise<OfficialRelativeFiling | null> {
    const f = await this.filings.get(registrationId);
    return f && !f._deleted ? f : null;
  }

  /** A person's filings, in force and withdrawn, oldest first. */
  async ofPerson(personId: string): Promise<OfficialRelativeFiling[]> {
    const found = await this.filings.find(liveOnly({ personId }));
    return found.sort((a, b) => a.filedRevision - b.filedRevision);
  }

  /** Whether a filing names this official (by the reference of their ID number). */
  async namesOfficial(idHash: string): Promise<boolean> {
    return (await this.filings.count(liveOnly({ 'official.idHash': idHash }))) > 0;
  }

  /**
   * The revision of the person's stream (the ETag for a withdrawal's If-Match): every event of that stream is a
   * filing or a withdrawal, each recorded on its filing, so the stream's revision is the largest of them.
   */
  async streamRevision(personId: string): Promise<number> {
    return Math.max(-1, ...(await this.ofPerson(personId)).map((f) => f.revision));
  }
}
