import { evt, type ElectionEvent } from '../events';
import { created } from '../guards';
import { refused } from '@grid/platform/decider';
import { ART } from '../rules/articles';
import type { Election, ElectionCommand, ElectionState, Round } from '../types';
import { reconciliationError } from './reconcile';

type Cmd<T extends ElectionCommand['type']> = Extract<ElectionCommand, { type: T }>;

/** The round being voted: the roll frozen, the candidates published, the last round not yet declared. */
function openRound(s: Election): Round {
  if (!s.frozen) throw refused('roll-not-frozen', 'voting needs the frozen roll', { source: ART.rollPublication });
  const round = s.rounds[s.rounds.length - 1];
  if (!round) throw refused('candidates-not-published', 'voting needs the formal candidate list', { source: ART.moreCandidates });
  if (round.declared || s.outcome) throw refused('no-round-open', 'no round is being voted');
  return round;
}

/** The station whose count takes in `stationId`'s ballots: itself, or for a mobile box the station it is counted with. */
function countedAt(s: Election, round: Round, stationId: string): string {
  const station = s.stations.get(stationId);
  if (!station) throw refused('unknown-station', `no station ${stationId}`, { field: 'stationId' });
  const counting = station.countedWith ?? stationId;
  if (round.tallies.has(counting)) throw refused('station-counted', `station ${counting} has been counted in round ${round.no}`, { field: 'stationId' });
  return counting;
}

/** One ballot per voter per round, at any station, in person or through the published proxy: never two (Art 15). */
export function issueBallot(cmd: Cmd<'issue-ballot'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  const round = openRound(s);
  countedAt(s, round, cmd.stationId);
  const day = cmd.at.slice(0, 10);
  if (round.no === 1 ? day !== s.votingDay : day < s.votingDay) throw refused('not-voting-day', `ballots are issued on voting day ${s.votingDay}`, { field: 'at' });
  const entry = s.roll.get(cmd.voterId);
  if (!entry) throw refused('not-on-roll', `${cmd.voterId} is not on the frozen roll`, { source: ART.voterAge, field: 'voterId' });
  if (entry.flag === 'died') throw refused('voter-died', `${cmd.voterId} is flagged as died`, { field: 'voterId' });
  const where = round.ballots.get(cmd.voterId);
  if (where) throw refused('ballot-already-issued', `${cmd.voterId} already had a ballot of round ${round.no} at ${where}`, { source: ART.secretBallot, field: 'voterId' });
  if (cmd.via === 'proxy') {
    if (!s.proxiesPublished) throw refused('proxy-list-not-published', 'proxies vote once their list is published', { source: ART.proxy });
    if (!cmd.proxyId || s.proxies.get(cmd.voterId) !== cmd.proxyId) {
      throw refused('no-proxy-authorisation', `${cmd.proxyId ?? 'nobody'} holds no authorisation of ${cmd.voterId}`, { source: ART.proxy, field: 'proxyId' });
    }
  }
  const { voterId, stationId, via, at, by } = cmd;
  const proxyId = via === 'proxy' ? cmd.proxyId : undefined;
  return [evt('elections.election.ballot-issued', { round: round.no, voterId, stationId, via, proxyId, at, by }, at)];
}

/** The station's public count (唱票、计票), its mobile boxes' ballots included, must reconcile with the ballots issued there. */
export function recordTally(cmd: Cmd<'record-tally'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  const round = openRound(s);
  if (countedAt(s, round, cmd.stationId) !== cmd.stationId) {
    throw refused('mobile-box-counted-with-station', `${cmd.stationId} is counted with ${s.stations.get(cmd.stationId)!.countedWith}`, { source: ART.mobileBox, field: 'stationId' });
  }
  const boxes = [...s.stations.values()].filter((x) => x.countedWith === cmd.stationId).map((x) => x.stationId);
  const issued = [cmd.stationId, ...boxes].reduce((n, id) => n + (round.issuedAt.get(id) ?? 0), 0);
  const error = reconciliationError(cmd, issued, round.posts);
  if (error) throw refused('tally-does-not-reconcile', error, { source: ART.secretBallot });
  const { stationId, on, returned, unreturned, valid, blank, invalid, votes, by } = cmd;
  return [evt('elections.election.station-tallied', { round: round.no, stationId, on, issued, returned, unreturned, valid, blank, invalid, votes, by }, on)];
}
