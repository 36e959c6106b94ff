import { after, audit, CANDIDATES, create, frozen, given, historyOf, nominate, nominateAll, publishCandidates, published, publishRoll, readyToVote, register } from './fixtures';

describe('nominations and the formal candidate list (Art 15)', () => {
  test('a registered voter is nominated jointly, keeping only the number of supporters', () => {
    given(...published())
      .when(nominate('v1', 'director'))
      .thenMatches({ type: 'elections.election.candidate-nominated', data: { candidateId: 'v1', post: 'director', nomination: 'joint', supporters: 10 } });
  });

  test('someone not on the roll cannot be nominated', () => {
    given(...published())
      .when(nominate('stranger', 'director'))
      .thenRefuses('nominee-not-on-roll');
  });

  test('a post the election does not fill is refused', () => {
    const noDeputy = historyOf(create({ seats: [{ post: 'director', seats: 1 }, { post: 'member', seats: 4 }] }), audit(), register('v1'), publishRoll());
    given(...noDeputy)
      .when(nominate('v1', 'deputy-director'))
      .thenRefuses('no-such-post');
  });

  test('the same person nominated for a second post is refused', () => {
    given(...after(published(), nominate('v1', 'director')))
      .when(nominate('v1', 'member'))
      .thenRefuses('already-nominated');
  });

  test('two candidates for the one director’s seat make a list (差额)', () => {
    given(...after(frozen(), ...nominateAll()))
      .when(publishCandidates())
      .thenMatches({
        type: 'elections.election.candidates-published',
        data: { posts: [{ post: 'director', seats: 1 }, { post: 'deputy-director', seats: 1 }, { post: 'member', seats: 3, candidateIds: ['v5', 'v6', 'v7', 'v8'] }], rule: { rule: 'more-candidates-than-seats' } },
      });
  });

  test('three candidates for three members’ seats are refused: there must be more candidates than seats', () => {
    const three = CANDIDATES.map((p) => (p.post === 'member' ? { ...p, candidateIds: ['v5', 'v6', 'v7'] } : p));
    given(...after(frozen(), ...nominateAll()))
      .when(publishCandidates(three))
      .thenRefuses('too-few-candidates');
  });

  test('a candidate who was not nominated for the post is refused', () => {
    const swapped = CANDIDATES.map((p) => (p.post === 'director' ? { ...p, candidateIds: ['v1', 'v3'] } : p));
    given(...after(frozen(), ...nominateAll()))
      .when(publishCandidates(swapped))
      .thenRefuses('not-nominated');
  });

  test('nominations close once the list is published', () => {
    given(...readyToVote())
      .when(nominate('v9', 'member'))
      .thenRefuses('candidates-published');
  });
});
