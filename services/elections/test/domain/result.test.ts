import { after, AT, decided, declare, given, ids, issue, outcomeOf, readyToVote, resultsFor, tally, voted, type Votes } from './fixtures';

/** Deputy and members decided in round 1, so each test looks at one post. */
const OTHERS: Votes = { 'deputy-director': { v3: 5, v4: 1 }, member: { v5: 5, v6: 5, v7: 5, v8: 3 } };
/** Round 1 with 6 of 10 registered voting, the director's votes as given. */
const firstRound = (director: Record<string, number>, others: Votes = OTHERS) => voted(readyToVote(10), 6, { director, ...others });

/** A later round: `voters` of the roll get ballots again and the assembly counts `votes`. */
const nextRound = (history: ReturnType<typeof firstRound>, voters: number, votes: Votes, blank = 0) =>
  after(history, ...ids(voters).map((id) => issue(id, 'assembly', AT)), tally('assembly', voters, votes, { blank }), tally('ps-2', 0));

describe('whether the election is valid (Art 15: more than half of registered voters vote)', () => {
  test('with exactly half of the 10 registered voting, the election fails, naming the quorum rule', () => {
    const events = decided(voted(readyToVote(10), 5, { director: { v1: 5 } }), declare());
    expect(events).toMatchObject([
      { type: 'elections.election.round-declared', data: { registered: 10, ballotsCast: 5, valid: false, rule: { rule: 'quorum-not-reached', source: expect.stringContaining('过半数投票') } } },
      { type: 'elections.election.concluded', data: { outcome: 'failed', elected: [] } },
    ]);
  });

  test('with half + 1 voting, the election is valid', () => {
    const events = decided(firstRound({ v1: 4, v2: 2 }), declare());
    expect(events[0]).toMatchObject({ type: 'elections.election.round-declared', data: { ballotsCast: 6, valid: true, rule: { rule: 'quorum-reached' } } });
  });

  test('the result is announced on voting day (当场公布)', () => {
    given(...firstRound({ v1: 4, v2: 2 }))
      .when(declare('2021-04-21'))
      .thenRefuses('result-not-on-the-day');
  });

  test('the round is declared only once every station is counted', () => {
    given(...after(readyToVote(10), ...ids(6).map((id) => issue(id)), tally('assembly', 6)))
      .when(declare())
      .thenRefuses('stations-not-counted');
  });
});

describe('who is elected in the first vote (Art 15: more than half of the ballots cast)', () => {
  test('a director with exactly half of the 6 ballots cast is not elected', () => {
    expect(outcomeOf(decided(firstRound({ v1: 3, v2: 3 }), declare()), 'director', 'v1')).toMatchObject({ votes: 3, outcome: 'not-elected', rule: { rule: 'no-majority' } });
  });

  test('a director with half + 1 of the ballots cast is elected, naming the rule and article', () => {
    expect(outcomeOf(decided(firstRound({ v1: 4, v2: 2 }), declare()), 'director', 'v1')).toEqual({
      candidateId: 'v1',
      votes: 4,
      outcome: 'elected',
      rule: { rule: 'elected-by-majority', source: expect.stringContaining('第十五条') },
    });
  });

  test('blank ballots count as ballots cast: 4 of 7 elects, 3 of 7 does not', () => {
    const others: Votes = { 'deputy-director': { v3: 4, v4: 1 }, member: { v5: 4, v6: 4, v7: 4, v8: 1 } };
    const events = decided(voted(readyToVote(10), 7, { director: { v1: 4, v2: 0 }, ...others }, { blank: 2 }), declare());
    expect(outcomeOf(events, 'director', 'v1').outcome).toBe('elected');
    const short = decided(voted(readyToVote(10), 7, { director: { v1: 3, v2: 1 }, ...others }, { blank: 2 }), declare());
    expect(outcomeOf(short, 'director', 'v1').outcome).toBe('not-elected');
  });

  test('every seat filled in the first vote concludes the election', () => {
    const events = decided(firstRound({ v1: 4, v2: 2 }), declare());
    expect(events[1]).toMatchObject({
      type: 'elections.election.concluded',
      data: {
        outcome: 'elected',
        elected: [
          { post: 'director', candidateId: 'v1', round: 1 },
          { post: 'deputy-director', candidateId: 'v3', round: 1 },
          { post: 'member', candidateId: 'v5' },
          { post: 'member', candidateId: 'v6' },
          { post: 'member', candidateId: 'v7' },
        ],
        vacancies: [],
        rule: { rule: 'all-seats-filled' },
      },
    });
  });
});

describe('the further round for unfilled seats (另行选举, Art 15)', () => {
  test('an unfilled director’s seat goes to a further round between the unelected with most votes', () => {
    const events = decided(firstRound({ v1: 3, v2: 2 }), declare());
    expect(events[1]).toEqual(
      expect.objectContaining({
        type: 'elections.election.round-called',
        data: expect.objectContaining({ round: 2, posts: [{ post: 'director', kind: 'further', seats: 1, candidateIds: ['v1', 'v2'] }], rule: expect.objectContaining({ rule: 'further-round' }) }),
      }),
    );
  });

  const furtherRound = () => after(firstRound({ v1: 3, v2: 3 }), declare());

  test('in the further round, exactly one third of the ballots cast elects the one with most votes', () => {
    const events = decided(nextRound(furtherRound(), 6, { director: { v1: 2, v2: 1 } }, 3), declare());
    expect(outcomeOf(events, 'director', 'v1')).toMatchObject({ votes: 2, outcome: 'elected', rule: { rule: 'elected-by-most-votes-with-third', source: expect.stringContaining('三分之一') } });
    expect(events[1]).toMatchObject({ type: 'elections.election.concluded', data: { outcome: 'elected', elected: expect.arrayContaining([{ post: 'director', candidateId: 'v1', round: 2 }]) } });
  });

  test('in the further round, most votes below one third elect nobody and the seat stays vacant', () => {
    const events = decided(nextRound(furtherRound(), 7, { director: { v1: 2, v2: 1 } }, 4), declare());
    expect(outcomeOf(events, 'director', 'v1')).toMatchObject({ votes: 2, outcome: 'not-elected' });
    expect(events[1]).toMatchObject({ type: 'elections.election.concluded', data: { vacancies: [{ post: 'director', seats: 1 }], rule: { rule: 'seats-left-vacant' } } });
  });

  test('the further round has no quorum of its own', () => {
    const events = decided(nextRound(furtherRound(), 3, { director: { v1: 2, v2: 1 } }), declare());
    expect(events[0]).toMatchObject({ data: { round: 2, valid: true, ballotsCast: 3 } });
  });
});

describe('ties (得票相等)', () => {
  test('two members tied across the last seat go to a further vote between them', () => {
    const events = decided(firstRound({ v1: 4, v2: 2 }, { 'deputy-director': { v3: 5, v4: 1 }, member: { v5: 5, v6: 5, v7: 4, v8: 4 } }), declare());
    expect(resultsFor(events, 'member').results.map((r) => [r.candidateId, r.outcome])).toEqual([
      ['v5', 'elected'],
      ['v6', 'elected'],
      ['v7', 'tied'],
      ['v8', 'tied'],
    ]);
    expect(events[1]).toMatchObject({ type: 'elections.election.round-called', data: { posts: [{ post: 'member', kind: 'tie', seats: 1, candidateIds: ['v7', 'v8'] }], rule: { rule: 'tie-vote' } } });
  });

  test('the tie vote elects the one with more votes', () => {
    const tied = after(firstRound({ v1: 4, v2: 2 }, { 'deputy-director': { v3: 5, v4: 1 }, member: { v5: 5, v6: 5, v7: 4, v8: 4 } }), declare());
    const events = decided(nextRound(tied, 6, { member: { v7: 4, v8: 2 } }), declare());
    expect(outcomeOf(events, 'member', 'v7')).toMatchObject({ outcome: 'elected', rule: { rule: 'elected-in-tie-vote' } });
    expect(events[1]).toMatchObject({ type: 'elections.election.concluded', data: { elected: expect.arrayContaining([{ post: 'member', candidateId: 'v7', round: 2 }]) } });
  });

  test('a declared round cannot be declared again', () => {
    given(...after(firstRound({ v1: 4, v2: 2 }), declare()))
      .when(declare())
      .thenRefuses('round-declared');
  });
});
