import { after, chair, frozen, given, issue, readyToVote, tally } from './fixtures';

describe('ballot issue (发放选票): one per voter, anywhere', () => {
  test('a voter gets a ballot at the assembly on voting day: who, where, when, never what', () => {
    given(...readyToVote())
      .when(issue('v3'))
      .then({
        type: 'elections.election.ballot-issued',
        data: { round: 1, voterId: 'v3', stationId: 'assembly', via: 'in-person', proxyId: undefined, at: '2021-04-20T09:00:00+08:00', by: chair },
        occurredAt: '2021-04-20T09:00:00+08:00',
      });
  });

  test('a voter who had a ballot at the assembly gets none at the mobile box', () => {
    given(...after(readyToVote(), issue('v3')))
      .when(issue('v3', 'box-1'))
      .thenRefuses('ballot-already-issued');
  });

  test('someone not on the roll gets no ballot', () => {
    given(...readyToVote())
      .when(issue('stranger'))
      .thenRefuses('not-on-roll');
  });

  test('a voter flagged as died gets no ballot', () => {
    given(...after(readyToVote(), { type: 'record-life-event', voterId: 'v10', event: 'died', on: '2021-04-15', by: chair }))
      .when(issue('v10'))
      .thenRefuses('voter-died');
  });

  test('no ballot before voting day', () => {
    given(...readyToVote())
      .when(issue('v3', 'assembly', '2021-04-19T18:00:00+08:00'))
      .thenRefuses('not-voting-day');
  });

  test('no ballot before the candidates are published', () => {
    given(...frozen())
      .when(issue('v3'))
      .thenRefuses('candidates-not-published');
  });

  test('no ballot at a station already counted', () => {
    given(...after(readyToVote(), tally('ps-2', 0)))
      .when(issue('v3', 'ps-2'))
      .thenRefuses('station-counted');
  });

  test('no ballot in a mobile box once the assembly it is counted with has been counted', () => {
    given(...after(readyToVote(), issue('v1'), tally('assembly', 1)))
      .when(issue('v3', 'box-1'))
      .thenRefuses('station-counted');
  });
});

describe('station tallies (唱票、计票) reconcile with ballots issued', () => {
  const threeVoted = () => after(readyToVote(), issue('v1'), issue('v2'), issue('v3'));

  test('a count of three returned ballots for three issued is recorded with the issued number', () => {
    given(...threeVoted())
      .when(tally('assembly', 3, { director: { v1: 2, v2: 1 } }))
      .thenMatches({ type: 'elections.election.station-tallied', data: { round: 1, stationId: 'assembly', issued: 3, returned: 3, valid: 3 } });
  });

  test('two returned and one unreturned reconcile with three issued', () => {
    given(...threeVoted())
      .when(tally('assembly', 2, {}, { unreturned: 1 }))
      .thenMatches({ type: 'elections.election.station-tallied', data: { unreturned: 1 } });
  });

  test('four returned ballots for three issued are refused', () => {
    given(...threeVoted())
      .when(tally('assembly', 4))
      .thenRefuses('tally-does-not-reconcile');
  });

  test('valid, blank and invalid must add up to the returned ballots', () => {
    given(...threeVoted())
      .when(tally('assembly', 3, {}, { valid: 2, blank: 0, invalid: 0 }))
      .thenRefuses('tally-does-not-reconcile');
  });

  test('more votes for the members than valid ballots × seats are refused', () => {
    given(...threeVoted())
      .when(tally('assembly', 3, { member: { v5: 3, v6: 3, v7: 3, v8: 1 } }))
      .thenRefuses('tally-does-not-reconcile');
  });

  test('votes for someone who is not a candidate of the post are refused', () => {
    given(...threeVoted())
      .when(tally('assembly', 3, { director: { v3: 1 } }))
      .thenRefuses('tally-does-not-reconcile');
  });

  test('the mobile box’s ballots are counted with the assembly’s', () => {
    given(...after(readyToVote(), issue('v1'), issue('v2', 'box-1'), issue('v3', 'box-1')))
      .when(tally('assembly', 3))
      .thenMatches({ type: 'elections.election.station-tallied', data: { stationId: 'assembly', issued: 3 } });
  });

  test('a mobile box has no count of its own: a few voters’ choices would show', () => {
    given(...after(readyToVote(), issue('v2', 'box-1')))
      .when(tally('box-1', 1))
      .thenRefuses('mobile-box-counted-with-station');
  });

  test('a station is counted once', () => {
    given(...after(threeVoted(), tally('assembly', 3)))
      .when(tally('assembly', 3))
      .thenRefuses('station-counted');
  });
});
