import { specFor } from '@grid/platform/decider';
import { assistanceDecider } from '../../../src/domain/assistance/decide';
import type { AssistanceCommand } from '../../../src/domain/assistance/types';
import { communityOfficial, district, like, township } from '../fixtures';
import { after, apply, approve, historyOf, homeCheck, notice, noticed, review } from './assistance-fixtures';

const given = specFor(assistanceDecider);

const object = (objectionId: string, on = '2020-03-13'): AssistanceCommand => ({
  type: 'raise-objection',
  objectionId,
  on,
  grounds: 'neighbour reports a car registered to the son',
  by: communityOfficial,
});
const decide = (objectionId: string, upheld: boolean, on = '2020-03-16'): AssistanceCommand => ({
  type: 'decide-objection',
  objectionId,
  on,
  upheld,
  reason: upheld ? 'car confirmed' : 'car belongs to a cousin',
  by: township,
});
const withObjection = () => after(noticed(), object('o-1'));

describe('objections (异议) during the public notice (公示)', () => {
  test('a villager’s objection during the notice is recorded', () => {
    given(...noticed())
      .when(object('o-1'))
      .then({
        type: 'grid-records.assistance.objection-raised',
        data: {
          caseId: 'c-1',
          objectionId: 'o-1',
          on: '2020-03-13',
          grounds: 'neighbour reports a car registered to the son',
          by: communityOfficial,
        },
        occurredAt: '2020-03-13',
      });
  });

  test('an objection after the notice ended is refused', () => {
    given(...noticed())
      .when(object('o-1', '2020-03-18'))
      .thenRefuses('objection-outside-notice');
  });

  test('an objection while no notice runs is refused', () => {
    given(...historyOf(apply(), homeCheck(), review()))
      .when(object('o-1'))
      .thenRefuses('no-notice-running');
  });

  test('an objection without grounds is refused', () => {
    given(...noticed())
      .when({ type: 'raise-objection', objectionId: 'o-1', on: '2020-03-13', grounds: '', by: communityOfficial })
      .thenRefuses('reason-required');
  });

  test('the same objection recorded twice changes nothing', () => {
    given(...withObjection())
      .when(object('o-1'))
      .thenNothing();
  });

  test('approval waits while an objection is undecided', () => {
    given(...withObjection())
      .when(approve())
      .thenRefuses('objection-pending');
  });

  test('an objection found groundless is recorded', () => {
    given(...withObjection())
      .when(decide('o-1', false))
      .then({
        type: 'grid-records.assistance.objection-decided',
        data: { caseId: 'c-1', objectionId: 'o-1', on: '2020-03-16', upheld: false, reason: 'car belongs to a cousin', by: township },
        occurredAt: '2020-03-16',
      });
  });

  test('after a groundless objection the district approves', () => {
    given(...after(withObjection(), decide('o-1', false)))
      .when(approve())
      .thenMatches(like({ type: 'grid-records.assistance.approved' }));
  });

  test('an upheld objection sends the case back to township review', () => {
    given(...after(withObjection(), decide('o-1', true)))
      .when(approve())
      .thenRefuses('review-required');
  });

  test('after an upheld objection the old review and notice no longer stand', () => {
    given(...after(withObjection(), decide('o-1', true))).thenState({ stage: 'awaiting-review', review: null, notice: null });
  });

  test('a new review and a new notice after an upheld objection lead to approval', () => {
    given(...after(withObjection(), decide('o-1', true), review({ on: '2020-03-20', class: 'C' }), notice('2020-03-21')))
      .when(approve({ decidedOn: '2020-03-28' }))
      .thenMatches(like({ data: { class: 'C', decidedOn: '2020-03-28' } }));
  });

  test('deciding an objection that was never raised is refused', () => {
    given(...noticed())
      .when(decide('o-9', true))
      .thenRefuses('unknown-objection');
  });

  test('deciding the same objection twice is refused', () => {
    given(...after(withObjection(), decide('o-1', false)))
      .when(decide('o-1', true))
      .thenRefuses('objection-already-decided');
  });

  test('deciding an objection before it was raised is refused', () => {
    given(...withObjection())
      .when(decide('o-1', false, '2020-03-12'))
      .thenRefuses('date-out-of-order');
  });

  test('a decision on an objection must give its reason', () => {
    given(...withObjection())
      .when({ type: 'decide-objection', objectionId: 'o-1', on: '2020-03-16', upheld: false, reason: '', by: district })
      .thenRefuses('reason-required');
  });
});
