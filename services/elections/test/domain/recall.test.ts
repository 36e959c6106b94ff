import type { ElectionCommand, Petition } from '../../src/domain/types';
import { after, chair, declare, given, readyToVote, voted } from './fixtures';

/** The election concluded: v1 elected director, v3 deputy, v5–v7 members. */
const concluded = () =>
  after(voted(readyToVote(10), 6, { director: { v1: 4, v2: 2 }, 'deputy-director': { v3: 5, v4: 1 }, member: { v5: 5, v6: 5, v7: 5, v8: 3 } }), declare());

const request = (petition: Petition, memberId = 'v1'): ElectionCommand => ({
  type: 'request-recall',
  recallId: 'r1',
  memberId,
  petition,
  reasons: '长期不履行职责',
  on: '2022-06-01',
  by: chair,
});
const vote = (registered: number, ballotsCast: number, yes: number): ElectionCommand => ({
  type: 'record-recall-vote',
  recallId: 'r1',
  on: '2022-07-01',
  registered,
  ballotsCast,
  yes,
  no: ballotsCast - yes,
  invalid: 0,
  by: chair,
});
const requested = () => after(concluded(), request({ by: 'voters', signatures: 2, of: 10 }));

describe('recall (罢免, Art 16)', () => {
  test('exactly one fifth of the voters may request a recall, with reasons', () => {
    given(...concluded())
      .when(request({ by: 'voters', signatures: 2, of: 10 }))
      .thenMatches({ type: 'elections.election.recall-requested', data: { memberId: 'v1', rule: { rule: 'recall-by-fifth-of-voters', source: expect.stringContaining('五分之一以上') } } });
  });

  test('fewer than one fifth of the voters cannot', () => {
    given(...concluded())
      .when(request({ by: 'voters', signatures: 19, of: 100 }))
      .thenRefuses('recall-petition-too-small');
  });

  test('exactly one third of the villagers’ representatives may request a recall', () => {
    given(...concluded())
      .when(request({ by: 'representatives', signatures: 10, of: 30 }))
      .thenMatches({ type: 'elections.election.recall-requested', data: { rule: { rule: 'recall-by-third-of-representatives' } } });
  });

  test('one representative short of a third cannot', () => {
    given(...concluded())
      .when(request({ by: 'representatives', signatures: 9, of: 30 }))
      .thenRefuses('recall-petition-too-small');
  });

  test('only an elected member can be recalled', () => {
    given(...concluded())
      .when(request({ by: 'voters', signatures: 5, of: 10 }, 'v2'))
      .thenRefuses('not-an-elected-member');
  });

  test('the member’s defence (申辩意见) is heard', () => {
    given(...requested())
      .when({ type: 'hear-recall-defence', recallId: 'r1', statementRef: '申辩书-r1', on: '2022-06-10', by: chair })
      .thenMatches({ type: 'elections.election.recall-defence-heard' });
  });

  test('with exactly half of the registered voting, the recall vote is not valid', () => {
    given(...requested())
      .when(vote(10, 5, 5))
      .thenMatches({ type: 'elections.election.recall-voted', data: { valid: false, passed: false, rule: { rule: 'recall-quorum-not-reached' } } });
  });

  test('with exactly half of those voting in favour, the recall fails', () => {
    given(...requested())
      .when(vote(10, 6, 3))
      .thenMatches({ type: 'elections.election.recall-voted', data: { valid: true, passed: false, rule: { rule: 'recall-not-passed' } } });
  });

  test('with half + 1 of those voting in favour, the recall passes, naming Art 16', () => {
    given(...requested())
      .when(vote(10, 6, 4))
      .thenMatches({ type: 'elections.election.recall-voted', data: { valid: true, passed: true, rule: { rule: 'recall-passed', source: expect.stringContaining('第十六条') } } });
  });

  test('a count that does not add up is refused', () => {
    given(...requested())
      .when({ ...vote(10, 6, 4), no: 1 } as ElectionCommand)
      .thenRefuses('recall-count-does-not-reconcile');
  });
});
