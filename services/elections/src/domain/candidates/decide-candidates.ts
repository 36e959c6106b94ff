import { evt, type ElectionEvent } from '../events';
import { created } from '../guards';
import { refused } from '@grid/platform/decider';
import { ART } from '../rules/articles';
import type { Election, ElectionCommand, ElectionState } from '../types';

type Cmd<T extends ElectionCommand['type']> = Extract<ElectionCommand, { type: T }>;

function candidatesOpen(s: Election): void {
  if (!s.published) throw refused('roll-not-published', 'candidates are nominated from the published roll', { source: ART.candidatesFromRoll });
  if (s.candidatesPublished) throw refused('candidates-published', 'the formal candidate list is already published', { source: ART.moreCandidates });
}

/** Nominated from the roll (Art 15); an election committee member who is nominated leaves the committee (Art 12). */
export function nominate(cmd: Cmd<'nominate'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  candidatesOpen(s);
  const already = s.nominations.get(cmd.candidateId);
  if (already === cmd.post) return [];
  if (already) throw refused('already-nominated', `${cmd.candidateId} is nominated for ${already}`, { field: 'candidateId' });
  if (!s.seats.some((x) => x.post === cmd.post)) throw refused('no-such-post', `this election fills no ${cmd.post} seat`, { field: 'post' });
  const entry = s.roll.get(cmd.candidateId);
  if (!entry || entry.flag === 'died') throw refused('nominee-not-on-roll', `${cmd.candidateId} is not a registered voter`, { source: ART.candidatesFromRoll, field: 'candidateId' });
  if (cmd.supporters < 1) throw refused('supporters-required', 'a nomination has at least one supporter', { field: 'supporters' });
  const { candidateId, post, nomination, supporters, on, by } = cmd;
  const nominated = evt('elections.election.candidate-nominated', { candidateId, post, nomination, supporters, on, by }, on);
  if (!s.committee.has(candidateId)) return [nominated];
  const rule = { rule: 'nominee-leaves-committee', source: ART.committeeLeaves };
  return [nominated, evt('elections.election.committee-member-left', { memberId: candidateId, cause: 'nominated', on, rule, by }, on)];
}

/** The formal list: every post covered, by nominees for it, with more candidates than seats (差额, Art 15). */
export function publishCandidates(cmd: Cmd<'publish-candidates'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  candidatesOpen(s);
  if (cmd.on >= s.votingDay) throw refused('voting-day-passed', `the list is published before voting day ${s.votingDay}`, { field: 'on' });
  const posts = s.seats.map(({ post, seats }) => {
    const candidateIds = [...new Set(cmd.posts.find((p) => p.post === post)?.candidateIds ?? [])];
    const stranger = candidateIds.find((id) => s.nominations.get(id) !== post);
    if (stranger) throw refused('not-nominated', `${stranger} is not nominated for ${post}`, { source: ART.candidatesFromRoll, field: 'posts' });
    if (candidateIds.length <= seats) {
      throw refused('too-few-candidates', `${post}: ${candidateIds.length} candidate(s) for ${seats} seat(s); there must be more candidates than seats`, {
        source: ART.moreCandidates,
        field: 'posts',
      });
    }
    return { post, seats, candidateIds };
  });
  const extra = cmd.posts.find((p) => !s.seats.some((x) => x.post === p.post));
  if (extra) throw refused('no-such-post', `this election fills no ${extra.post} seat`, { field: 'posts' });
  const rule = { rule: 'more-candidates-than-seats', source: ART.moreCandidates };
  return [evt('elections.election.candidates-published', { on: cmd.on, posts, rule, by: cmd.by }, cmd.on)];
}
