import type { ElectionsEvent } from '@grid/contracts';
import type { DocumentStore, Projection } from '@grid/platform';

export const ROLL = 'elections_roll';

/** One entry of a roll as posted: the voter's id (a person id, never a 身份证 number), the keyed hash, the basis, the group. */
export type RollEntryView = { electionId: string; voterId: string; entryHash: string; basis: string; group: string | null; flag: string | null };

const entryId = (electionId: string, voterId: string): string => `${electionId}:${voterId}`;

/** The rolls read model: one document per entry, deleted when the entry is removed before freezing. */
export const rollProjection: Projection<ElectionsEvent> = {
  name: 'elections.roll',
  collections: [ROLL],
  handles: ['elections.election.voter-registered', 'elections.election.voter-removed', 'elections.election.voter-flagged'],
  indexes: [
    { collection: ROLL, spec: { fields: ['electionId'] } },
    { collection: ROLL, spec: { fields: ['voterId'] } },
  ],
  async apply(e, ctx) {
    const electionId = e.streamId.slice('election-'.length);
    switch (e.type) {
      case 'elections.election.voter-registered': {
        const { voterId, entryHash, basis, group } = e.data;
        return ctx.update<RollEntryView>(ROLL, entryId(electionId, voterId), () => ({ electionId, voterId, entryHash, basis, group: group ?? null, flag: null }));
      }
      case 'elections.election.voter-removed':
        return ctx.update<RollEntryView>(ROLL, entryId(electionId, e.data.voterId), () => null);
      case 'elections.election.voter-flagged': {
        const { voterId, flag } = e.data;
        return ctx.update<RollEntryView>(ROLL, entryId(electionId, voterId), (v) => (v ? { ...v, flag } : v));
      }
    }
  },
};

/** Reads of the rolls. */
export class RollLookup {
  constructor(private readonly documents: DocumentStore) {}

  entries(electionId: string): Promise<RollEntryView[]> {
    return this.find({ electionId });
  }

  /** Every roll the person is on (the one-roll rule looks across elections). */
  ofVoter(voterId: string): Promise<RollEntryView[]> {
    return this.find({ voterId });
  }

  private async find(filter: Record<string, string>): Promise<RollEntryView[]> {
    const docs = await this.documents.collection<RollEntryView & { _id: string; _deleted?: true }>(ROLL).find(filter);
    return docs.filter((d) => !d._deleted).map(({ electionId: id, voterId, entryHash, basis, group, flag }) => ({ electionId: id, voterId, entryHash, basis, group, flag }));
  }
}
