import type { Post, RuleRef, RuleSet } from '@grid/contracts';
import { ART } from '../rules/articles';
import { atLeast, moreThan } from '../rules/shares';
import type { Round, RoundPost, VoteKind } from '../types';

export type Outcome = 'elected' | 'not-elected' | 'tied';

export interface CandidateResult {
  candidateId: string;
  votes: number;
  outcome: Outcome;
  rule: RuleRef;
}

export interface PostResult {
  post: Post;
  kind: VoteKind;
  seats: number;
  results: CandidateResult[];
  unfilled: number;
}

export interface RoundCount {
  ballotsCast: number;
  valid: boolean;
  rule: RuleRef;
  posts: PostResult[];
  /** What the next round votes on; empty when the election is over. */
  next: RoundPost[];
}

const byVotes = (a: { votes: number; candidateId: string }, b: { votes: number; candidateId: string }) =>
  b.votes - a.votes || a.candidateId.localeCompare(b.candidateId);

/** What a candidate needs in a vote of this kind (Art 15): > 1/2 of ballots cast first, ≥ 1/3 in a further round, most votes in a tie vote. */
function threshold(kind: VoteKind, rules: RuleSet, ballotsCast: number): { passes: (votes: number) => boolean; elected: RuleRef; short: RuleRef } {
  switch (kind) {
    case 'first':
      return {
        passes: (v) => moreThan(v, rules.electedShare.value, ballotsCast),
        elected: { rule: 'elected-by-majority', source: rules.electedShare.source },
        short: { rule: 'no-majority', source: rules.electedShare.source },
      };
    case 'further':
      return {
        passes: (v) => atLeast(v, rules.furtherRoundMinShare.value, ballotsCast),
        elected: { rule: 'elected-by-most-votes-with-third', source: rules.furtherRoundMinShare.source },
        short: { rule: 'below-third-or-fewer-votes', source: rules.furtherRoundMinShare.source },
      };
    case 'tie':
      return { passes: () => true, elected: { rule: 'elected-in-tie-vote', source: ART.tie }, short: { rule: 'fewer-votes-in-tie-vote', source: ART.tie } };
  }
}

/** One post's outcome: the qualified with most votes fill the seats; a tie across the last seat is voted again. */
export function countPost(p: RoundPost, votes: ReadonlyMap<string, number>, ballotsCast: number, rules: RuleSet): PostResult {
  const t = threshold(p.kind, rules, ballotsCast);
  const ranked = p.candidateIds.map((candidateId) => ({ candidateId, votes: votes.get(candidateId) ?? 0 })).sort(byVotes);
  const qualified = ranked.filter((c) => t.passes(c.votes));
  let elected = qualified;
  let tied: typeof qualified = [];
  if (qualified.length > p.seats) {
    const cutoff = qualified[p.seats - 1]!.votes;
    elected = qualified.filter((c) => c.votes > cutoff);
    const atCutoff = qualified.filter((c) => c.votes === cutoff);
    if (elected.length + atCutoff.length === p.seats) elected = [...elected, ...atCutoff];
    else tied = atCutoff;
  }
  const tieRule = { rule: 'tie-at-last-seat', source: ART.tie };
  const results = ranked.map((c) => {
    if (elected.includes(c)) return { ...c, outcome: 'elected' as const, rule: t.elected };
    if (tied.includes(c)) return { ...c, outcome: 'tied' as const, rule: tieRule };
    return { ...c, outcome: 'not-elected' as const, rule: t.short };
  });
  return { post: p.post, kind: p.kind, seats: p.seats, results, unfilled: tied.length > 0 ? 0 : p.seats - elected.length };
}

/** 另行选举: the unelected with most votes, the unfilled seats plus the rule set's margin, all tied at the margin included. */
function furtherRound(r: PostResult, rules: RuleSet): RoundPost | null {
  const pool = r.results.filter((c) => c.outcome === 'not-elected');
  const take = r.unfilled + rules.furtherRoundExtraCandidates.value;
  const last = pool[Math.min(take, pool.length) - 1];
  const candidateIds = last ? pool.filter((c) => c.votes >= last.votes).map((c) => c.candidateId) : [];
  return candidateIds.length > 0 ? { post: r.post, kind: 'further', seats: r.unfilled, candidateIds } : null;
}

/** A round's result from its station tallies. Only the first round has a quorum (Art 15: > 1/2 of registered voters). */
export function countRound(round: Round, registered: number, rules: RuleSet): RoundCount {
  const tallies = [...round.tallies.values()];
  const ballotsCast = tallies.reduce((n, t) => n + t.returned, 0);
  const first = round.posts.some((p) => p.kind === 'first');
  const valid = !first || moreThan(ballotsCast, rules.electionQuorum.value, registered);
  const rule = first
    ? { rule: valid ? 'quorum-reached' : 'quorum-not-reached', source: rules.electionQuorum.source }
    : { rule: 'further-vote', source: ART.furtherRound };
  if (!valid) {
    const posts = round.posts.map((p) => ({ post: p.post, kind: p.kind, seats: p.seats, results: [], unfilled: p.seats }));
    return { ballotsCast, valid, rule, posts, next: [] };
  }
  const votes = new Map<string, Map<string, number>>();
  for (const t of tallies) {
    for (const v of t.votes) {
      const perPost = votes.get(v.post) ?? new Map<string, number>();
      perPost.set(v.candidateId, (perPost.get(v.candidateId) ?? 0) + v.votes);
      votes.set(v.post, perPost);
    }
  }
  const posts = round.posts.map((p) => countPost(p, votes.get(p.post) ?? new Map(), ballotsCast, rules));
  const next: RoundPost[] = [];
  for (const r of posts) {
    const tied = r.results.filter((c) => c.outcome === 'tied');
    if (tied.length > 0) {
      const seats = r.seats - r.results.filter((c) => c.outcome === 'elected').length;
      next.push({ post: r.post, kind: 'tie', seats, candidateIds: tied.map((c) => c.candidateId) });
    } else if (r.unfilled > 0) {
      // After a further round, seats still unfilled stay vacant (暂缺): decided at the election's end.
      const further = r.kind === 'first' ? furtherRound(r, rules) : null;
      if (further) next.push(further);
    }
  }
  return { ballotsCast, valid, rule, posts, next };
}
