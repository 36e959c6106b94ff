import type { Post } from '@grid/contracts';
import type { RoundPost, TallyInput } from '../types';

/**
 * Why a station's count does not reconcile with the ballots issued there, or null when it does:
 * issued = returned + unreturned, returned = valid + blank + invalid, no candidate above the valid ballots,
 * and per post no more votes than valid ballots × seats.
 */
export function reconciliationError(t: Omit<TallyInput, 'stationId' | 'on'>, issued: number, posts: RoundPost[]): string | null {
  const counts = [t.returned, t.unreturned, t.valid, t.blank, t.invalid, ...t.votes.map((v) => v.votes)];
  if (counts.some((n) => !Number.isInteger(n) || n < 0)) return 'counts are whole numbers of at least 0';
  if (t.returned + t.unreturned !== issued) return `returned ${t.returned} + unreturned ${t.unreturned} ≠ ${issued} ballots issued`;
  if (t.valid + t.blank + t.invalid !== t.returned) return `valid ${t.valid} + blank ${t.blank} + invalid ${t.invalid} ≠ returned ${t.returned}`;
  const seen = new Set<string>();
  for (const v of t.votes) {
    const post = posts.find((p) => p.post === v.post);
    if (!post?.candidateIds.includes(v.candidateId)) return `${v.candidateId} is not a candidate for ${v.post} in this round`;
    if (seen.has(`${v.post}/${v.candidateId}`)) return `${v.candidateId} is counted twice for ${v.post}`;
    seen.add(`${v.post}/${v.candidateId}`);
    if (v.votes > t.valid) return `${v.candidateId} has ${v.votes} votes of ${t.valid} valid ballots`;
  }
  for (const p of posts) {
    const sum = votesFor(t.votes, p.post);
    if (sum > t.valid * p.seats) return `${p.post}: ${sum} votes exceed ${t.valid} valid ballots × ${p.seats} seat(s)`;
  }
  return null;
}

const votesFor = (votes: TallyInput['votes'], post: Post): number => votes.filter((v) => v.post === post).reduce((n, v) => n + v.votes, 0);
