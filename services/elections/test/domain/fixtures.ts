// A villagers' committee election of the 11th term (seed 002: 第十一次村委会换届选举) in a village of 冷水滩区, Hunan.
import { createHash } from 'node:crypto';
import type { Actor, Post } from '@grid/contracts';
import { fold, historyOf as kernelHistoryOf, specFor } from '@grid/platform/decider';
import { electionDecider } from '../../src/domain/decide';
import type { ElectionEvent } from '../../src/domain/events';
import { hunan } from '../../src/domain/rules/rule-sets';
import type { ElectionCommand, TallyInput, VoterFacts } from '../../src/domain/types';

export const chair: Actor = { id: 'ec-chair-tang', role: 'election-committee' };
export const ELECTION_ID = 'e-shixiping-11';
export const CALLED_ON = '2021-02-20';
export const VOTING_DAY = '2021-04-20';
/** Exactly 20 days before voting day (Art 14). */
export const PUBLISHED_ON = '2021-03-31';
/** The day after the 5-day objection window. */
export const FROZEN_ON = '2021-04-06';
export const AT = `${VOTING_DAY}T09:00:00+08:00`;

type Cmd<T extends ElectionCommand['type']> = Extract<ElectionCommand, { type: T }>;

/** 主任 1, 副主任 1, 委员 3: five members (Art 6: three to seven). */
export const SEATS: { post: Post; seats: number }[] = [
  { post: 'director', seats: 1 },
  { post: 'deputy-director', seats: 1 },
  { post: 'member', seats: 3 },
];

export const create = (over: Partial<Cmd<'create'>> = {}): Cmd<'create'> => ({
  type: 'create',
  electionId: ELECTION_ID,
  kind: 'villagers-committee',
  regionId: 'v-shixiping',
  term: 11,
  seats: SEATS,
  votingDay: VOTING_DAY,
  stations: [
    { stationId: 'assembly', name: '村部选举大会会场', kind: 'assembly' },
    { stationId: 'ps-2', name: '第二投票站', kind: 'polling-station' },
    { stationId: 'box-1', name: '流动票箱一', kind: 'mobile-box', countedWith: 'assembly' },
  ],
  ruleSet: hunan('villagers-committee'),
  on: CALLED_ON,
  by: chair,
  ...over,
});

/** Stands in for the keyed entry hash the application computes (HMAC under the roll key). */
export const entryHash = (voterId: string): string => createHash('sha256').update(`roll-key:${voterId}`).digest('hex');

/** A villager registered and living here, 41 on voting day, on no other roll. */
export const voter = (voterId: string, over: Partial<VoterFacts> = {}): VoterFacts => ({
  voterId,
  entryHash: entryHash(voterId),
  birthYear: 1980,
  group: '第一村民小组',
  registeredHere: true,
  livingHere: true,
  deprivedOfPoliticalRights: false,
  onOtherRoll: null,
  ...over,
});

export const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `v${i + 1}`);

export const register = (...voters: (string | VoterFacts)[]): Cmd<'register-voters'> => ({
  type: 'register-voters',
  on: '2021-03-20',
  voters: voters.map((v) => (typeof v === 'string' ? voter(v) : v)),
  by: chair,
});
export const appoint = (memberId: string, on = '2021-02-25'): ElectionCommand => ({ type: 'appoint-committee-member', memberId, role: 'member', chosenBy: 'representatives', on, by: chair });
export const audit = (on = '2021-03-01'): ElectionCommand => ({ type: 'record-audit', on, auditor: '冷水滩区农村经营服务站', reportRef: 'audit-2021-017', by: chair });
export const publishRoll = (on = PUBLISHED_ON): ElectionCommand => ({ type: 'publish-roll', on, by: chair });
export const freeze = (on = FROZEN_ON): ElectionCommand => ({ type: 'freeze-roll', on, by: chair });
export const nominate = (candidateId: string, post: Post, on = '2021-04-07'): ElectionCommand => ({
  type: 'nominate',
  candidateId,
  post,
  nomination: 'joint',
  supporters: 10,
  on,
  by: chair,
});

/** Formal candidates: 主任 v1, v2; 副主任 v3, v4; 委员 v5–v8. */
export const CANDIDATES: { post: Post; candidateIds: string[] }[] = [
  { post: 'director', candidateIds: ['v1', 'v2'] },
  { post: 'deputy-director', candidateIds: ['v3', 'v4'] },
  { post: 'member', candidateIds: ['v5', 'v6', 'v7', 'v8'] },
];
export const publishCandidates = (posts = CANDIDATES, on = '2021-04-12'): ElectionCommand => ({ type: 'publish-candidates', on, posts, by: chair });
export const nominateAll = (): ElectionCommand[] => CANDIDATES.flatMap((p) => p.candidateIds.map((id) => nominate(id, p.post)));

export const issue = (voterId: string, stationId = 'assembly', at = AT): ElectionCommand => ({ type: 'issue-ballot', voterId, stationId, via: 'in-person', at, by: chair });
export const issueByProxy = (voterId: string, proxyId: string, stationId = 'assembly'): ElectionCommand => ({
  type: 'issue-ballot',
  voterId,
  stationId,
  via: 'proxy',
  proxyId,
  at: AT,
  by: chair,
});

/** Votes per post and candidate, e.g. { director: { v1: 4, v2: 2 } }. */
export type Votes = Partial<Record<Post, Record<string, number>>>;
export const votesOf = (votes: Votes): TallyInput['votes'] =>
  Object.entries(votes).flatMap(([post, perCandidate]) => Object.entries(perCandidate!).map(([candidateId, n]) => ({ post: post as Post, candidateId, votes: n })));

/** A station's count: every returned ballot valid unless blank or invalid are given. */
export function tally(stationId: string, returned: number, votes: Votes = {}, over: Partial<TallyInput> = {}): ElectionCommand {
  const blank = over.blank ?? 0;
  const invalid = over.invalid ?? 0;
  return { type: 'record-tally', stationId, on: VOTING_DAY, returned, unreturned: 0, valid: returned - blank - invalid, blank, invalid, votes: votesOf(votes), by: chair, ...over };
}
export const declare = (on = VOTING_DAY): ElectionCommand => ({ type: 'declare-round', on, by: chair });

export const historyOf = (...commands: ElectionCommand[]): ElectionEvent[] => after([], ...commands);

/** Continues a history with more commands, through the decider: the whole history afterwards. */
export const after = (history: ElectionEvent[], ...commands: ElectionCommand[]): ElectionEvent[] => kernelHistoryOf(electionDecider, commands, history);

/** What the decider answers to a command after a history. */
export const decided = (history: ElectionEvent[], cmd: ElectionCommand): ElectionEvent[] => electionDecider.decide(cmd, fold(electionDecider, history));

export const called = () => historyOf(create(), appoint('ec-member-li'), audit());
export const rollOf = (n: number) => after(called(), register(...ids(n)));
export const published = (n = 10) => after(rollOf(n), publishRoll());
export const frozen = (n = 10) => after(published(n), freeze());
/** The roll frozen and the formal candidates published: round 1 open. */
export const readyToVote = (n = 10) => after(frozen(n), ...nominateAll(), publishCandidates());

/** Round 1 voted: the first `voted` voters get ballots at the assembly, which counts `votes`; polling station 2 counts none. */
export function voted(history: ElectionEvent[], voters: number, votes: Votes, over: Partial<TallyInput> = {}): ElectionEvent[] {
  return after(history, ...ids(voters).map((id) => issue(id)), tally('assembly', voters, votes, over), tally('ps-2', 0));
}

/** A post's candidate results in the round-declared event among `events`. */
export function resultsFor(events: ElectionEvent[], post: Post) {
  const declared = events.find((e) => e.type === 'elections.election.round-declared');
  if (declared?.type !== 'elections.election.round-declared') throw new Error('no round declared');
  return declared.data.posts.find((p) => p.post === post)!;
}
export const outcomeOf = (events: ElectionEvent[], post: Post, candidateId: string) => resultsFor(events, post).results.find((r) => r.candidateId === candidateId)!;

/**
 * given(…history).when(command).then… on the election decider. `thenMatches` takes deep partial events (it runs
 * toMatchObject, deep), which the kernel types as a shallow Partial.
 */
export function given(...history: ElectionEvent[]) {
  const spec = specFor(electionDecider)(...history);
  return {
    when(command: ElectionCommand) {
      const then = spec.when(command);
      return { ...then, thenMatches: (...expected: object[]) => then.thenMatches(...(expected as Partial<ElectionEvent>[])) };
    },
  };
}
