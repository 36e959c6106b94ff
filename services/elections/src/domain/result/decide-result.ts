import { evt, type ElectionEvent } from '../events';
import { created } from '../guards';
import { refused } from '@grid/platform/decider';
import { ART } from '../rules/articles';
import type { ElectionCommand, ElectionState } from '../types';
import { countRound } from './count-round';

type Cmd<T extends ElectionCommand['type']> = Extract<ElectionCommand, { type: T }>;

/**
 * Declares the open round once every station is counted, announced on the day (当场公布, Art 15): the round's
 * result, then another round (另行选举 or a tie vote) or the election's end.
 */
export function declareRound(cmd: Cmd<'declare-round'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  const round = s.rounds[s.rounds.length - 1];
  if (!round || !s.frozen) throw refused('no-round-open', 'no round is being voted');
  if (round.declared || s.outcome) throw refused('round-declared', `round ${round.no} is already declared`);
  const uncounted = [...s.stations.values()].filter((x) => !x.countedWith && !round.tallies.has(x.stationId)).map((x) => x.stationId);
  if (uncounted.length > 0) throw refused('stations-not-counted', `not yet counted: ${uncounted.join(', ')}`, { source: ART.secretBallot });
  if (round.no === 1 && cmd.on !== s.votingDay) throw refused('result-not-on-the-day', `the result is announced on voting day ${s.votingDay}`, { source: ART.secretBallot });
  const { on, by } = cmd;
  const registered = s.frozen.size;
  const count = countRound(round, registered, s.rules);
  const declared = evt('elections.election.round-declared', { round: round.no, on, registered, ballotsCast: count.ballotsCast, valid: count.valid, rule: count.rule, posts: count.posts, by }, on);
  if (!count.valid) {
    return [declared, evt('elections.election.concluded', { on, outcome: 'failed', elected: [], vacancies: [], rule: count.rule, by }, on)];
  }
  if (count.next.length > 0) {
    const kind = count.next.some((p) => p.kind === 'further') ? ART.furtherRound : ART.tie;
    const rule = { rule: count.next.some((p) => p.kind === 'further') ? 'further-round' : 'tie-vote', source: kind };
    return [declared, evt('elections.election.round-called', { round: round.no + 1, posts: count.next, on, rule, by }, on)];
  }
  const elected = [
    ...s.elected,
    ...count.posts.flatMap((p) => p.results.filter((c) => c.outcome === 'elected').map((c) => ({ post: p.post, candidateId: c.candidateId, round: round.no }))),
  ];
  const vacancies = s.seats
    .map(({ post, seats }) => ({ post, seats: seats - elected.filter((e) => e.post === post).length }))
    .filter((v) => v.seats > 0);
  const rule = vacancies.length > 0 ? { rule: 'seats-left-vacant', source: ART.vacancy } : { rule: 'all-seats-filled', source: ART.elected };
  return [declared, evt('elections.election.concluded', { on, outcome: 'elected', elected, vacancies, rule, by }, on)];
}
