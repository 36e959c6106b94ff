import type { ElectionCommand } from '../../src/domain/types';
import { after, called, chair, given, published, register, voter } from './fixtures';

// Voting day 2021-04-20; the roll is published on 2021-03-31.
const file = (applicationId: string, voterId: string, kind: 'away-voter' | 'resident', on = '2021-03-10'): ElectionCommand => ({ type: 'file-roll-application', applicationId, voterId, kind, on, by: chair });
const admit = (applicationId: string, admitted = true, on = '2021-03-15'): ElectionCommand => ({
  type: 'decide-roll-application',
  applicationId,
  on,
  admitted,
  reason: '村民代表会议 2021-03-15 表决同意',
  by: chair,
});

describe('asking and applying to take part (Art 13 (2), (3))', () => {
  test('a person living away asks to take part before the roll is published', () => {
    given(...called())
      .when(file('a1', 'w1', 'away-voter'))
      .then({ type: 'elections.election.roll-application-filed', data: { applicationId: 'a1', voterId: 'w1', kind: 'away-voter', on: '2021-03-10', by: chair }, occurredAt: '2021-03-10' });
  });

  test('after publication an omission is an objection, not an application', () => {
    given(...published(2)).when(file('a1', 'w1', 'away-voter', '2021-04-01')).thenRefuses('roll-published');
  });

  test('one application that stands per person', () => {
    given(...after(called(), file('a1', 'n1', 'resident'))).when(file('a2', 'n1', 'resident')).thenRefuses('already-applied', { field: 'voterId' });
  });

  test('a refused resident may apply again', () => {
    given(...after(called(), file('a1', 'n1', 'resident'), admit('a1', false)))
      .when(file('a2', 'n1', 'resident'))
      .thenMatches({ type: 'elections.election.roll-application-filed', data: { applicationId: 'a2' } });
  });

  test('the committee records the admission of a resident with the reason, naming Art 13 (3)', () => {
    given(...after(called(), file('a1', 'n1', 'resident')))
      .when(admit('a1'))
      .thenMatches({ type: 'elections.election.roll-application-decided', data: { applicationId: 'a1', admitted: true, rule: { rule: 'resident-admitted' } } });
  });

  test('an away voter’s request needs no admission', () => {
    given(...after(called(), file('a1', 'w1', 'away-voter'))).when(admit('a1')).thenRefuses('no-admission-needed');
  });

  test('a decision needs a reason, an application, and a day not before it', () => {
    const filed = after(called(), file('a1', 'n1', 'resident'));
    given(...filed).when({ ...admit('a1'), reason: ' ' } as ElectionCommand).thenRefuses('reason-required');
    given(...filed).when(admit('a9')).thenRefuses('unknown-application');
    given(...filed).when(admit('a1', true, '2021-03-09')).thenRefuses('decision-before-application');
    given(...after(filed, admit('a1'))).when(admit('a1')).thenRefuses('application-already-decided');
  });

  test('someone already on the roll has nothing to apply for', () => {
    given(...after(called(), register('v1'))).when(file('a1', 'v1', 'away-voter')).thenRefuses('already-on-roll', { field: 'voterId' });
  });

  test('the roll still judges the facts: an admitted newcomer one day short of a year on voting day stays off', () => {
    const facts = { registeredHere: false, livingHere: true, appliedOn: '2021-03-10', admittedOn: '2021-03-15' };
    given(...called()).when(register(voter('n1', { ...facts, livingSince: '2020-04-21' }))).thenRefuses('residence-too-short');
    given(...called()).when(register(voter('n1', { ...facts, livingSince: '2020-04-20' }))).thenMatches({ type: 'elections.election.voter-registered', data: { basis: 'resident-admitted' } });
  });
});
