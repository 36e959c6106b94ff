import type { ElectionEvent } from './events';
import { PersistentMap } from '@grid/platform/decider';
import type { Election, ElectionState, Round, RoundPost } from './types';

export const initialElection: ElectionState = null;

const put = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> => new Map(map).set(key, value);
const update = <K, V>(map: ReadonlyMap<K, V>, key: K, change: (v: V) => V): ReadonlyMap<K, V> => {
  const v = map.get(key);
  return v === undefined ? map : put(map, key, change(v));
};

const openRound = (no: number, posts: RoundPost[]): Round => ({ no, posts, ballots: PersistentMap.empty(), issuedAt: new Map(), tallies: new Map(), declared: false });

/** Replaces the current (last) round. */
function withRound(s: Election, change: (r: Round) => Round): Election {
  const rounds = s.rounds.slice();
  rounds[rounds.length - 1] = change(rounds[rounds.length - 1]!);
  return { ...s, rounds };
}

export function evolveElection(state: ElectionState, e: ElectionEvent): ElectionState {
  if (e.type === 'elections.election.created') {
    const d = e.data;
    return {
      id: d.electionId,
      kind: d.kind,
      regionId: d.regionId,
      term: d.term,
      seats: d.seats,
      votingDay: d.votingDay,
      stations: new Map(d.stations.map((st) => [st.stationId, st])),
      rules: d.ruleSet,
      committee: new Set(),
      auditedOn: null,
      roll: PersistentMap.empty(),
      published: null,
      objections: new Map(),
      applications: new Map(),
      frozen: null,
      nominations: new Map(),
      candidatesPublished: false,
      proxies: new Map(),
      proxiesPublished: false,
      rounds: [],
      elected: [],
      outcome: null,
      recalls: new Map(),
    };
  }
  if (state === null) return state;
  const s = state;
  switch (e.type) {
    case 'elections.election.committee-member-appointed':
      return { ...s, committee: new Set(s.committee).add(e.data.memberId) };
    case 'elections.election.committee-member-left':
      return { ...s, committee: new Set([...s.committee].filter((m) => m !== e.data.memberId)) };
    case 'elections.election.audit-recorded':
      return { ...s, auditedOn: e.data.on };
    case 'elections.election.voter-registered':
      return { ...s, roll: s.roll.set(e.data.voterId, { entryHash: e.data.entryHash, basis: e.data.basis, flag: null }) };
    case 'elections.election.voter-removed':
      return { ...s, roll: s.roll.delete(e.data.voterId) };
    case 'elections.election.roll-published':
      return { ...s, published: { on: e.data.on, objectionsUntil: e.data.objectionsUntil } };
    case 'elections.election.roll-objection-raised': {
      const { objectionId, kind, subjectId, on } = e.data;
      return { ...s, objections: put(s.objections, objectionId, { kind, subjectId, raisedOn: on, decided: false }) };
    }
    case 'elections.election.roll-application-filed': {
      const { applicationId, voterId, kind, on } = e.data;
      return { ...s, applications: put(s.applications, applicationId, { voterId, kind, filedOn: on, decided: false, admittedOn: null }) };
    }
    case 'elections.election.roll-application-decided':
      return { ...s, applications: update(s.applications, e.data.applicationId, (a) => ({ ...a, decided: true, admittedOn: e.data.admitted ? e.data.on : null })) };
    case 'elections.election.roll-objection-decided':
      return { ...s, objections: update(s.objections, e.data.objectionId, (o) => ({ ...o, decided: true })) };
    case 'elections.election.roll-frozen':
      return { ...s, frozen: { on: e.data.on, size: e.data.size, root: e.data.root } };
    case 'elections.election.voter-flagged': {
      const entry = s.roll.get(e.data.voterId);
      return entry ? { ...s, roll: s.roll.set(e.data.voterId, { ...entry, flag: e.data.flag }) } : s;
    }
    case 'elections.election.candidate-nominated':
      return { ...s, nominations: put(s.nominations, e.data.candidateId, e.data.post) };
    case 'elections.election.candidates-published':
      return {
        ...s,
        candidatesPublished: true,
        rounds: [openRound(1, e.data.posts.map((p) => ({ post: p.post, kind: 'first', seats: p.seats, candidateIds: p.candidateIds })))],
      };
    case 'elections.election.proxy-authorised':
      return { ...s, proxies: put(s.proxies, e.data.principalId, e.data.proxyId) };
    case 'elections.election.proxies-published':
      return { ...s, proxiesPublished: true };
    case 'elections.election.ballot-issued': {
      const { voterId, stationId } = e.data;
      return withRound(s, (r) => ({ ...r, ballots: r.ballots.set(voterId, stationId), issuedAt: put(r.issuedAt, stationId, (r.issuedAt.get(stationId) ?? 0) + 1) }));
    }
    case 'elections.election.station-tallied':
      return withRound(s, (r) => ({ ...r, tallies: put(r.tallies, e.data.stationId, e.data) }));
    case 'elections.election.round-declared': {
      const declared = withRound(s, (r) => ({ ...r, declared: true }));
      const elected = e.data.posts.flatMap((p) =>
        p.results.filter((x) => x.outcome === 'elected').map((x) => ({ post: p.post, candidateId: x.candidateId, round: e.data.round })),
      );
      return { ...declared, elected: [...s.elected, ...elected] };
    }
    case 'elections.election.round-called':
      return { ...s, rounds: [...s.rounds, openRound(e.data.round, e.data.posts)] };
    case 'elections.election.concluded':
      return { ...s, outcome: e.data.outcome };
    case 'elections.election.recall-requested':
      return { ...s, recalls: put(s.recalls, e.data.recallId, { memberId: e.data.memberId, voted: false }) };
    case 'elections.election.recall-defence-heard':
      return s;
    case 'elections.election.recall-voted':
      return { ...s, recalls: update(s.recalls, e.data.recallId, (r) => ({ ...r, voted: true })) };
  }
}
