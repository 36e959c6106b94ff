import { refused } from '@grid/platform/decider';
import { evt, type ElectionEvent } from './events';
import { created } from './guards';
import { ART } from './rules/articles';
import type { ElectionCommand, ElectionState } from './types';

type Cmd<T extends ElectionCommand['type']> = Extract<ElectionCommand, { type: T }>;

export function create(cmd: Cmd<'create'>, s: ElectionState): ElectionEvent[] {
  if (s !== null) throw refused('election-exists', `election ${s.id} was already called`);
  if (cmd.votingDay <= cmd.on) throw refused('voting-day-not-ahead', 'the voting day must come after the election is called', { field: 'votingDay' });
  const posts = new Set(cmd.seats.map((x) => x.post));
  if (posts.size !== cmd.seats.length) throw refused('post-repeated', 'each post is listed once', { field: 'seats' });
  if (cmd.seats.find((x) => x.post === 'director')?.seats !== 1) throw refused('one-director', 'a committee has exactly one director (主任)', { source: cmd.ruleSet.committeeSize.source, field: 'seats' });
  const total = cmd.seats.reduce((n, x) => n + x.seats, 0);
  const size = cmd.ruleSet.committeeSize;
  if (total < size.value.min || total > size.value.max) {
    throw refused('committee-size', `${total} seats; the committee has ${size.value.min}–${size.value.max} members`, { source: size.source, field: 'seats' });
  }
  const stations = new Set(cmd.stations.map((x) => x.stationId));
  if (stations.size === 0 || stations.size !== cmd.stations.length) throw refused('stations-required', 'at least one station, each id once', { field: 'stations' });
  // A box counted on its own would show how its few voters voted: mobile boxes are counted with a station.
  const counting = new Map(cmd.stations.filter((x) => x.kind !== 'mobile-box').map((x) => [x.stationId, x]));
  const loose = cmd.stations.find((x) => (x.kind === 'mobile-box' ? !counting.has(x.countedWith ?? '') : x.countedWith !== undefined));
  if (loose) throw refused('mobile-box-counted-with-station', `${loose.stationId}: a mobile box, and only a mobile box, is counted with a polling station or the assembly`, { source: ART.mobileBox, field: 'stations' });
  const { electionId, kind, regionId, term, seats, votingDay, ruleSet, on, by } = cmd;
  return [evt('elections.election.created', { electionId, kind, regionId, term, seats, votingDay, stations: cmd.stations, ruleSet, on, by }, on)];
}

export function appointCommitteeMember(cmd: Cmd<'appoint-committee-member'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  if (s.committee.has(cmd.memberId)) return [];
  if (s.nominations.has(cmd.memberId)) {
    throw refused('candidate-cannot-sit', 'a nominated candidate cannot sit on the election committee', { source: ART.committeeLeaves });
  }
  const { memberId, role, chosenBy, on, by } = cmd;
  return [evt('elections.election.committee-member-appointed', { memberId, role, chosenBy, on, by }, on)];
}

export function releaseCommitteeMember(cmd: Cmd<'release-committee-member'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  if (!s.committee.has(cmd.memberId)) return [];
  const { memberId, cause, on, by } = cmd;
  return [evt('elections.election.committee-member-left', { memberId, cause, on, by }, on)];
}

export function recordAudit(cmd: Cmd<'record-audit'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  if (s.auditedOn) return [];
  if (cmd.on > s.votingDay) throw refused('voting-day-passed', 'the audit comes before the election', { source: ART.audit });
  const { on, auditor, reportRef, by } = cmd;
  return [evt('elections.election.audit-recorded', { on, auditor, reportRef, by }, on)];
}
