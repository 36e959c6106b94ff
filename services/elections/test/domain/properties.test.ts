// Properties over random elections (fast-check): nobody is elected without the majority the rule needs, and a
// station's count is accepted exactly when it reconciles with the ballots issued there.
// Reproduce a failure with the seed fast-check prints: GRID_PROPERTY_SEED=<seed>.
import fc from 'fast-check';
import type { Post } from '@grid/contracts';
import { fold, Refusal } from '@grid/platform/decider';
import { electionDecider } from '../../src/domain/decide';
import type { ElectionEvent, EventOf } from '../../src/domain/events';
import type { Election, ElectionCommand } from '../../src/domain/types';
import { after, chair, declare, ids, issue, readyToVote, SEATS, VOTING_DAY, type Votes, votesOf } from './fixtures';

const seed = process.env.GRID_PROPERTY_SEED ? { seed: Number(process.env.GRID_PROPERTY_SEED) } : {};
const STATIONS = ['assembly', 'ps-2', 'box-1'] as const;
/** The mobile box is counted with the assembly. */
const COUNTING = ['assembly', 'ps-2'] as const;
const countedAt = (station: (typeof STATIONS)[number]) => (station === 'box-1' ? 'assembly' : station);

interface Count {
  returned: number;
  unreturned: number;
  valid: number;
  blank: number;
  invalid: number;
  votes: Votes;
}
const emptyCount = (): Count => ({ returned: 0, unreturned: 0, valid: 0, blank: 0, invalid: 0, votes: {} });

/** One round voted at random: who comes, where, what happens to each ballot, and whom each valid ballot marks. */
function voteRound(g: fc.GeneratorValue, history: ElectionEvent[], voters: string[]): { history: ElectionEvent[]; counts: Record<string, Count> } {
  const round = (fold(electionDecider, history) as Election).rounds.at(-1)!;
  const counts: Record<string, Count> = { assembly: emptyCount(), 'ps-2': emptyCount() };
  const commands: ElectionCommand[] = [];
  for (const voterId of voters) {
    const where: 'absent' | (typeof STATIONS)[number] = g(fc.constantFrom, 'absent' as const, ...STATIONS);
    if (where === 'absent') continue;
    commands.push(issue(voterId, where));
    const c = counts[countedAt(where)]!;
    const fate: 'valid' | 'blank' | 'invalid' | 'unreturned' = g(fc.constantFrom, 'valid' as const, 'valid' as const, 'valid' as const, 'blank' as const, 'invalid' as const, 'unreturned' as const);
    if (fate === 'unreturned') {
      c.unreturned++;
      continue;
    }
    c.returned++;
    c[fate]++;
    if (fate !== 'valid') continue;
    for (const p of round.posts) {
      for (const id of g(fc.subarray, p.candidateIds, { maxLength: p.seats })) {
        const perPost = (c.votes[p.post] ??= {});
        perPost[id] = (perPost[id] ?? 0) + 1;
      }
    }
  }
  const tallies = COUNTING.map((stationId) => ({ type: 'record-tally' as const, stationId, on: VOTING_DAY, ...counts[stationId]!, votes: votesOf(counts[stationId]!.votes), by: chair }));
  return { history: after(history, ...commands, ...tallies), counts };
}

function checkDeclared(d: EventOf<'elections.election.round-declared'>['data'], counts: Record<string, Count>): void {
  const ballotsCast = Object.values(counts).reduce((n, c) => n + c.returned, 0);
  expect(d.ballotsCast).toBe(ballotsCast);
  if (d.round === 1) expect(d.valid).toBe(ballotsCast * 2 > d.registered);
  if (!d.valid) expect(d.posts.flatMap((p) => p.results).filter((r) => r.outcome === 'elected')).toEqual([]);
  for (const p of d.posts) {
    const elected = p.results.filter((r) => r.outcome === 'elected');
    const others = p.results.filter((r) => r.outcome !== 'elected');
    expect(elected.length).toBeLessThanOrEqual(p.seats);
    for (const r of p.results) expect(r.votes).toBe(Object.values(counts).reduce((n, c) => n + (c.votes[p.post]?.[r.candidateId] ?? 0), 0));
    for (const r of elected) {
      if (p.kind === 'first') expect(r.votes * 2).toBeGreaterThan(ballotsCast);
      if (p.kind === 'further') expect(r.votes * 3).toBeGreaterThanOrEqual(ballotsCast);
      for (const o of others) expect(r.votes).toBeGreaterThan(o.votes);
    }
  }
}

describe('random elections (fast-check)', () => {
  test('never elect anyone without the majority the rule needs, and never more than the seats', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const registered = g(fc.integer, { min: 8, max: 24 });
        let history = readyToVote(registered);
        for (let round = 1; round <= 6; round++) {
          const voted = voteRound(g, history, ids(registered));
          const events = electionDecider.decide(declare(), fold(electionDecider, voted.history));
          checkDeclared((events[0] as EventOf<'elections.election.round-declared'>).data, voted.counts);
          history = after(voted.history, declare());
          const end = events.find((e) => e.type === 'elections.election.concluded');
          if (end?.type !== 'elections.election.concluded') continue;
          const seen = new Set(end.data.elected.map((e) => e.candidateId));
          expect(seen.size).toBe(end.data.elected.length);
          for (const { post, seats } of SEATS) expect(end.data.elected.filter((e) => e.post === post).length).toBeLessThanOrEqual(seats);
          break;
        }
      }),
      { numRuns: 60, ...seed },
    );
  });

  test('accept a station’s count exactly when it reconciles with the ballots issued there', () => {
    const numbers = fc.record({
      issued: fc.integer({ min: 0, max: 6 }),
      returned: fc.integer({ min: 0, max: 7 }),
      unreturned: fc.integer({ min: 0, max: 3 }),
      valid: fc.integer({ min: 0, max: 7 }),
      blank: fc.integer({ min: 0, max: 3 }),
      invalid: fc.integer({ min: 0, max: 3 }),
      director: fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 })),
    });
    const base = readyToVote(10);
    fc.assert(
      fc.property(numbers, ({ issued, director, ...count }) => {
        const history = after(base, ...ids(issued).map((id) => issue(id)));
        const votes: { post: Post; candidateId: string; votes: number }[] = [
          { post: 'director', candidateId: 'v1', votes: director[0] },
          { post: 'director', candidateId: 'v2', votes: director[1] },
        ];
        const reconciles =
          count.returned + count.unreturned === issued &&
          count.valid + count.blank + count.invalid === count.returned &&
          director[0] + director[1] <= count.valid;
        let outcome: ElectionEvent[] | Refusal;
        try {
          outcome = electionDecider.decide({ type: 'record-tally', stationId: 'assembly', on: VOTING_DAY, ...count, votes, by: chair }, fold(electionDecider, history));
        } catch (e) {
          outcome = e as Refusal;
        }
        if (reconciles) expect(outcome).toMatchObject([{ type: 'elections.election.station-tallied', data: { issued, returned: count.returned } }]);
        else expect(outcome).toMatchObject({ rule: 'tally-does-not-reconcile' });
      }),
      { numRuns: 200, ...seed },
    );
  });
});
