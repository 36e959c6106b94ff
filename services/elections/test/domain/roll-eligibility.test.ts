import { after, called, decided, entryHash, given, publishRoll, register, voter } from './fixtures';

describe('who is put on the roll (选民登记, Art 13)', () => {
  test('a villager registered and living here is registered with a keyed entry hash, no name', () => {
    given(...called())
      .when(register('v1'))
      .then({
        type: 'elections.election.voter-registered',
        data: { voterId: 'v1', entryHash: entryHash('v1'), basis: 'registered-living', group: '第一村民小组', on: '2021-03-20', objectionId: undefined, by: expect.anything() },
        occurredAt: '2021-03-20',
      });
  });

  test('a villager who turns 18 on voting day is registered', () => {
    given(...called())
      .when(register(voter('v1', { birthYear: 2003, birthDate: '2003-04-20' })))
      .thenMatches({ type: 'elections.election.voter-registered', data: { voterId: 'v1' } });
  });

  test('a villager who turns 18 the day after voting day is refused as under age', () => {
    given(...called())
      .when(register(voter('v1', { birthYear: 2003, birthDate: '2003-04-21' })))
      .thenRefuses('voter-under-age');
  });

  test('the birth year decides for who does not turn 18 in the voting year: no date needed', () => {
    given(...called())
      .when(register(voter('v1', { birthYear: 2002 })))
      .thenMatches({ type: 'elections.election.voter-registered', data: { voterId: 'v1' } });
    given(...called())
      .when(register(voter('v1', { birthYear: 2004 })))
      .thenRefuses('voter-under-age');
  });

  test('turning 18 in the voting year without a date (not revealed, erased) is not shown of age', () => {
    given(...called())
      .when(register(voter('v1', { birthYear: 2003 })))
      .thenRefuses('voter-under-age');
  });

  test('a person deprived of political rights is refused', () => {
    given(...called())
      .when(register(voter('v1', { deprivedOfPoliticalRights: true })))
      .thenRefuses('deprived-of-political-rights');
  });

  test('a villager registered here but working away is registered once they ask to take part', () => {
    given(...called())
      .when(register(voter('v1', { livingHere: false, askedOn: '2021-03-10' })))
      .thenMatches({ type: 'elections.election.voter-registered', data: { basis: 'registered-away' } });
  });

  test('a villager working away who has not asked is not registered', () => {
    given(...called())
      .when(register(voter('v1', { livingHere: false })))
      .thenRefuses('away-voter-did-not-ask');
  });

  const newcomer = { registeredHere: false, livingHere: true, appliedOn: '2021-03-01', admittedOn: '2021-03-15' };

  test('a newcomer living here exactly one year on voting day, who applied and was admitted, is registered', () => {
    given(...called())
      .when(register(voter('n1', { ...newcomer, livingSince: '2020-04-20' })))
      .thenMatches({ type: 'elections.election.voter-registered', data: { basis: 'resident-admitted' } });
  });

  test('a newcomer one day short of a year is refused', () => {
    given(...called())
      .when(register(voter('n1', { ...newcomer, livingSince: '2020-04-21' })))
      .thenRefuses('residence-too-short');
  });

  test('a newcomer not admitted by the villagers’ assembly or representatives is refused', () => {
    given(...called())
      .when(register(voter('n1', { ...newcomer, livingSince: '2019-01-01', admittedOn: undefined })))
      .thenRefuses('resident-not-admitted');
  });

  test('a second registration elsewhere is refused, naming the first community', () => {
    const second = register(voter('v1', { onOtherRoll: { electionId: 'e-huangyangsi-11', regionId: 'v-huangyangsi' } }));
    expect(() => decided(called(), second)).toThrow(expect.objectContaining({ rule: 'already-on-another-roll', detail: expect.stringContaining('v-huangyangsi'), source: expect.stringContaining('第十三条') }));
  });

  test('the same person registered twice changes nothing', () => {
    given(...after(called(), register('v1')))
      .when(register('v1'))
      .thenNothing();
  });

  test('after publication the roll changes only through an upheld objection', () => {
    given(...after(called(), register('v1'), publishRoll()))
      .when(register('v2'))
      .thenRefuses('roll-published');
  });
});
