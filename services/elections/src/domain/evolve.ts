import { Map as PMap, Set as PSet } from 'immutable';
import type { ElectionEvent } from './events';
import type { Election, ElectionState, Round, RoundPost } from './types';

export const initialElection: ElectionState = null;

const openRound = (no: number, posts: RoundPost[]): Round => ({ no, posts, ballots: PMap(), issuedAt: PMap(), tallies: PMap(), declared: false });

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
      stations: PMap(d.stations.map((st) => [st.stationId, st] as const)),
      rules: d.ruleSet,
      committee: PSet(),
      auditedOn: null,
      roll: PMap(),
      published: null,
      objections: PMap(),
      frozen: null,
      nominations: PMap(),
      candidatesPublished: false,
      proxies: PMap(),
      proxiesPublished: false,
      rounds: [],
      elected: [],
      outcome: null,
      recalls: PMap(),
    };
  }
  if (state === null) return state;
  const s = state;
  switch (e.type) {
    case 'elections.election.committee-member-appointed':
      return { ...s, committee: s.committee.add(e.data.memberId) };
    case 'elections.election.committee-member-left':
      return { ...s, committee: s.committee.remove(e.data.memberId) };
    case 'elections.election.audit-recorded':
      return { ...s, auditedOn: e.data.on };
    case 'elections.election.voter-registered':
      return { ...s, roll: s.roll.set(e.data.voterId, { entryHash: e.data.entryHash, basis: e.data.basis, flag: null }) };
    case 'elections.election.voter-removed':
      return { ...s, roll: s.roll.remove(e.data.voterId) };
    case 'elections.election.roll-published':
      return { ...s, published: { on: e.data.on, objectionsUntil: e.data.objectionsUntil } };
    case 'elections.election.roll-objection-raised': {
      const { objectionId, kind, subjectId, on } = e.data;
      return { ...s, objections: s.objections.set(objectionId, { kind, subjectId, raisedOn: on, decided: false }) };
    }
    case 'elections.election.roll-objection-decided':
      return { ...s, objections: s.objections.update(e.data.objectionId, (o) => ({ ...o!, decided: true })) };
    case 'elections.election.roll-frozen':
      return { ...s, frozen: { on: e.data.on, size: e.data.size, root: e.data.root } };
    case 'elections.election.voter-flagged':
      return { ...s, roll: s.roll.update(e.data.voterId, (v) => ({ ...v!, flag: e.data.flag })) };
    case 'elections.election.candidate-nominated':
      return { ...s, nominations: s.nominations.set(e.data.candidateId, e.data.post) };
    case 'elections.election.candidates-published':
      return {
        ...s,
        candidatesPublished: true,
        rounds: [openRound(1, e.data.posts.map((p) => ({ post: p.post, kind: 'first', seats: p.seats, candidateIds: p.candidateIds })))],
      };
    case 'elections.election.proxy-authorised':
      return { ...s, proxies: s.proxies.set(e.data.principalId, e.data.proxyId) };
    case 'elections.election.proxies-published':
      return { ...s, proxiesPublished: true };
    case 'elections.election.ballot-issued': {
      const { voterId, stationId } = e.data;
      return withRound(s, (r) => ({ ...r, ballots: r.ballots.set(voterId, stationId), issuedAt: r.issuedAt.update(stationId, 0, (n) => n + 1) }));
    }
    case 'elections.election.station-tallied':
      return withRound(s, (r) => ({ ...r, tallies: r.tallies.set(e.data.stationId, e.data) }));
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
      return { ...s, recalls: s.recalls.set(e.data.recallId, { memberId: e.data.memberId, voted: false }) };
    case 'elections.election.recall-defence-heard':
      return s;
    case 'elections.election.recall-voted':
      return { ...s, recalls: s.recalls.update(e.data.recallId, (r) => ({ ...r!, voted: true })) };
  }
}
