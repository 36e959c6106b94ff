import { RESIDENTS_2018 } from '../../src/domain/rules/rule-sets';
import { after, appoint, audit, called, chair, create, given, historyOf, nominate, publishRoll, register } from './fixtures';

describe('calling an election (换届选举)', () => {
  test('the 11th villagers’ committee election is called with its seats, stations and the province’s rule set', () => {
    given()
      .when(create())
      .thenMatches({
        type: 'elections.election.created',
        data: { electionId: 'e-shixiping-11', kind: 'villagers-committee', term: 11, votingDay: '2021-04-20', ruleSet: { proxyLimit: { value: 3 } } },
      });
  });

  test('a villagers’ committee of eight seats is refused: three to seven members (Art 6)', () => {
    given()
      .when(create({ seats: [{ post: 'director', seats: 1 }, { post: 'deputy-director', seats: 2 }, { post: 'member', seats: 5 }] }))
      .thenRefuses('committee-size');
  });

  test('a committee of seven seats is accepted', () => {
    given()
      .when(create({ seats: [{ post: 'director', seats: 1 }, { post: 'deputy-director', seats: 2 }, { post: 'member', seats: 4 }] }))
      .thenMatches({ type: 'elections.election.created' });
  });

  test('the 10th residents’ committee election needs five to nine seats (RCL Art 7): four are refused', () => {
    given()
      .when(create({ kind: 'residents-committee', term: 10, ruleSet: RESIDENTS_2018, seats: [{ post: 'director', seats: 1 }, { post: 'member', seats: 3 }] }))
      .thenRefuses('committee-size');
  });

  test('a residents’ committee of five seats is called under the residents’ rule set', () => {
    given()
      .when(create({ kind: 'residents-committee', term: 10, ruleSet: RESIDENTS_2018, seats: [{ post: 'director', seats: 1 }, { post: 'member', seats: 4 }] }))
      .thenMatches({ type: 'elections.election.created', data: { kind: 'residents-committee', term: 10, ruleSet: { id: 'cn-residents-2018', committeeSize: { value: { min: 5, max: 9 } } } } });
  });

  test('an election without a director’s seat is refused', () => {
    given()
      .when(create({ seats: [{ post: 'member', seats: 5 }] }))
      .thenRefuses('one-director');
  });

  test('a mobile box (流动票箱) that is not counted with a station is refused', () => {
    given()
      .when(create({ stations: [{ stationId: 'assembly', name: '会场', kind: 'assembly' }, { stationId: 'box-1', name: '流动票箱', kind: 'mobile-box' }] }))
      .thenRefuses('mobile-box-counted-with-station');
  });

  test('an election without a polling station is refused', () => {
    given().when(create({ stations: [] })).thenRefuses('stations-required');
  });

  test('a voting day that is not ahead is refused', () => {
    given().when(create({ votingDay: '2021-02-20' })).thenRefuses('voting-day-not-ahead');
  });
});

describe('the election committee (村民选举委员会, Art 12)', () => {
  test('a committee member who is nominated leaves the committee, naming Art 12', () => {
    const history = after(historyOf(create(), appoint('v1'), audit()), register('v1', 'v2'), publishRoll());
    given(...history)
      .when(nominate('v1', 'director'))
      .thenMatches(
        { type: 'elections.election.candidate-nominated', data: { candidateId: 'v1', post: 'director' } },
        { type: 'elections.election.committee-member-left', data: { memberId: 'v1', cause: 'nominated', rule: { rule: 'nominee-leaves-committee', source: expect.stringContaining('第十二条') } } },
      );
  });

  test('a nominated candidate cannot be appointed to the committee', () => {
    const history = after(called(), register('v1', 'v2'), publishRoll(), nominate('v1', 'director'));
    given(...history).when(appoint('v1', '2021-04-08')).thenRefuses('candidate-cannot-sit');
  });
});

describe('the pre-election financial audit (清理审计)', () => {
  test('the roll cannot be published before the audit is recorded', () => {
    given(...historyOf(create(), register('v1')))
      .when(publishRoll())
      .thenRefuses('audit-required');
  });

  test('an audit is recorded once', () => {
    given(...called())
      .when(audit('2021-03-02'))
      .thenNothing();
  });

  test('the audit is recorded with its auditor and report', () => {
    given(...historyOf(create()))
      .when(audit())
      .then({ type: 'elections.election.audit-recorded', data: { on: '2021-03-01', auditor: '冷水滩区农村经营服务站', reportRef: 'audit-2021-017', by: chair }, occurredAt: '2021-03-01' });
  });
});
