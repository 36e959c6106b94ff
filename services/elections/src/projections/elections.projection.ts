import type { ElectionsEvent } from '@grid/contracts';
import type { DocumentStore, Projection } from '@grid/platform';

export const ELECTIONS = 'elections_elections';

/** One election as its committee and overseers see it: the call, where it stands, and its turnout. */
export type ElectionView = {
  electionId: string;
  regionId: string;
  kind: string;
  term: number;
  votingDay: string;
  seats: { post: string; seats: number }[];
  stations: { stationId: string; name: string; kind: string }[];
  auditedOn: string | null;
  /** 选举委员会 members (a nominated member leaves it, Art 12). */
  committee: string[];
  roll: { size: number; publishedOn: string | null; objectionsUntil: string | null; frozenOn: string | null; root: string | null };
  candidates: { post: string; seats: number; candidateIds: string[] }[] | null;
  /** 委托投票: principal → proxy; public once published. */
  proxies: { principalId: string; proxyId: string }[];
  proxiesPublishedOn: string | null;
  /** Ballots issued in the first round, per station (参选率 = voted / registered). */
  voted: Record<string, number>;
  rounds: { round: number; on: string; valid: boolean; ballotsCast: number; posts: unknown[] }[];
  outcome: { outcome: string; elected: { post: string; candidateId: string; round: number }[]; on: string } | null;
  /** 罢免 (Art 16): requests against elected members, the defence heard, the vote's counts and what they decided. */
  recalls?: RecallView[];
};

export type RecallView = {
  recallId: string;
  memberId: string;
  requestedOn: string;
  petition: { by: string; signatures: number; of: number };
  reasons: string;
  defenceHeardOn: string | null;
  vote: { on: string; registered: number; ballotsCast: number; yes: number; no: number; invalid: number; valid: boolean; passed: boolean; rule: { rule: string; source: string } } | null;
};


/** The elections read model: one document per election. */
export const electionsProjection: Projection<ElectionsEvent> = {
  name: 'elections.elections',
  collections: [ELECTIONS],
  handles: [
    'elections.election.created',
    'elections.election.audit-recorded',
    'elections.election.committee-member-appointed',
    'elections.election.committee-member-left',
    'elections.election.voter-registered',
    'elections.election.voter-removed',
    'elections.election.roll-published',
    'elections.election.roll-frozen',
    'elections.election.candidates-published',
    'elections.election.proxy-authorised',
    'elections.election.proxies-published',
    'elections.election.ballot-issued',
    'elections.election.round-declared',
    'elections.election.concluded',
    'elections.election.recall-requested',
    'elections.election.recall-defence-heard',
    'elections.election.recall-voted',
  ],
  async apply(e, ctx) {
    const id = e.streamId.slice('election-'.length);
    const update = (f: (v: ElectionView) => ElectionView) => ctx.update<ElectionView>(ELECTIONS, id, (v) => (v ? f(v) : v));
    const recall = (recallId: string, f: (r: RecallView) => RecallView) => update((v) => ({ ...v, recalls: (v.recalls ?? []).map((r) => (r.recallId === recallId ? f(r) : r)) }));
    switch (e.type) {
      case 'elections.election.created': {
        const d = e.data;
        const stations = d.stations.map(({ stationId, name, kind }) => ({ stationId, name, kind }));
        const roll = { size: 0, publishedOn: null, objectionsUntil: null, frozenOn: null, root: null };
        await ctx.update<ElectionView>(ELECTIONS, id, () => ({ electionId: id, regionId: d.regionId, kind: d.kind, term: d.term, votingDay: d.votingDay, seats: d.seats, stations, auditedOn: null, committee: [], roll, candidates: null, proxies: [], proxiesPublishedOn: null, voted: {}, rounds: [], outcome: null, recalls: [] }));
        return;
      }
      case 'elections.election.audit-recorded':
        return update((v) => ({ ...v, auditedOn: e.data.on }));
      case 'elections.election.committee-member-appointed':
        return update((v) => ({ ...v, committee: [...v.committee.filter((m) => m !== e.data.memberId), e.data.memberId] }));
      case 'elections.election.committee-member-left':
        return update((v) => ({ ...v, committee: v.committee.filter((m) => m !== e.data.memberId) }));
      case 'elections.election.voter-registered':
        return update((v) => ({ ...v, roll: { ...v.roll, size: v.roll.size + 1 } }));
      case 'elections.election.voter-removed':
        return update((v) => ({ ...v, roll: { ...v.roll, size: v.roll.size - 1 } }));
      case 'elections.election.roll-published': {
        const d = e.data;
        return update((v) => ({ ...v, roll: { ...v.roll, publishedOn: d.on, objectionsUntil: d.objectionsUntil } }));
      }
      case 'elections.election.roll-frozen': {
        const d = e.data;
        return update((v) => ({ ...v, roll: { ...v.roll, frozenOn: d.on, root: d.root } }));
      }
      case 'elections.election.candidates-published':
        return update((v) => ({ ...v, candidates: e.data.posts }));
      case 'elections.election.proxy-authorised': {
        const { principalId, proxyId } = e.data;
        return update((v) => ({ ...v, proxies: [...v.proxies, { principalId, proxyId }] }));
      }
      case 'elections.election.proxies-published':
        return update((v) => ({ ...v, proxiesPublishedOn: e.data.on }));
      case 'elections.election.ballot-issued': {
        const d = e.data;
        if (d.round !== 1) return;
        return update((v) => ({ ...v, voted: { ...v.voted, [d.stationId]: (v.voted[d.stationId] ?? 0) + 1 } }));
      }
      case 'elections.election.round-declared': {
        const d = e.data;
        return update((v) => ({ ...v, rounds: [...v.rounds, { round: d.round, on: d.on, valid: d.valid, ballotsCast: d.ballotsCast, posts: d.posts }] }));
      }
      case 'elections.election.concluded': {
        const d = e.data;
        return update((v) => ({ ...v, outcome: { outcome: d.outcome, elected: d.elected, on: d.on } }));
      }
      case 'elections.election.recall-requested': {
        const { recallId, memberId, petition, reasons, on } = e.data;
        const requested: RecallView = { recallId, memberId, requestedOn: on, petition, reasons, defenceHeardOn: null, vote: null };
        return update((v) => ({ ...v, recalls: [...(v.recalls ?? []).filter((r) => r.recallId !== recallId), requested] }));
      }
      case 'elections.election.recall-defence-heard':
        return recall(e.data.recallId, (r) => ({ ...r, defenceHeardOn: e.data.on }));
      case 'elections.election.recall-voted': {
        const { on, registered, ballotsCast, yes, no, invalid, valid, passed, rule } = e.data;
        return recall(e.data.recallId, (r) => ({ ...r, vote: { on, registered, ballotsCast, yes, no, invalid, valid, passed, rule } }));
      }
    }
  },
};

/** Reads of the elections read model. */
export class ElectionLookup {
  constructor(private readonly documents: DocumentStore) {}

  async get(electionId: string): Promise<ElectionView | null> {
    const doc = await this.documents.collection<ElectionView & { _id: string; _deleted?: true }>(ELECTIONS).get(electionId);
    if (!doc || doc._deleted) return null;
    const { _id, _deleted, ...view } = doc;
    return view;
  }

  /** Every election (a region's turnout filters them by the region directory). */
  async all(): Promise<ElectionView[]> {
    const docs = await this.documents.collection<ElectionView & { _id: string; _deleted?: true }>(ELECTIONS).find();
    return docs.filter((d) => !d._deleted).map(({ _id, _deleted, ...view }) => view);
  }
}
