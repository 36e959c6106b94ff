import { specFor } from '@grid/platform/decider';
import { assistanceDecider } from '../../../src/domain/assistance/decide';
import type { AssistanceCommand } from '../../../src/domain/assistance/types';
import { district, gridWorker, like, township } from '../fixtures';
import {
  after,
  apply,
  applyFor,
  approve,
  changeClass,
  granted,
  historyOf,
  homeCheck,
  notice,
  review,
  reviewWithout,
  suspend,
} from './assistance-fixtures';

const given = specFor(assistanceDecider);
const completeReview = (on: string, by = township): AssistanceCommand => ({ type: 'complete-review', on, by });

describe('changing the 低保 class: 提标 up, 降档 down (seed 002: C→B 70 households, B→A 121, C→A 36 in 2020)', () => {
  test('the district raises a household from C to B from a date', () => {
    given(...granted('C'))
      .when(changeClass('B', '2020-07-01'))
      .then({
        type: 'grid-records.assistance.class-changed',
        data: {
          caseId: 'c-1',
          program: 'minimum-living',
          class: 'B',
          householdId: 'h-liu',
          personId: null,
          from: 'C',
          to: 'B',
          direction: 'up',
          effectiveFrom: '2020-07-01',
          nextReviewOn: '2021-07-01',
          reason: 'son lost his job',
          by: district,
        },
        occurredAt: '2020-07-01',
      });
  });

  test('B to A is an upgrade', () => {
    given(...granted('B'))
      .when(changeClass('A'))
      .thenMatches(like({ data: { from: 'B', to: 'A', direction: 'up' } }));
  });

  test('C to A is an upgrade', () => {
    given(...granted('C'))
      .when(changeClass('A'))
      .thenMatches(like({ data: { from: 'C', to: 'A', direction: 'up' } }));
  });

  test('A to C is a downgrade, and an urban class C is reviewed again in three months', () => {
    given(...granted('A'))
      .when(changeClass('C', '2020-07-01'))
      .thenMatches(like({ data: { direction: 'down', nextReviewOn: '2020-10-01' } }));
  });

  test('changing to the class the household already has is refused', () => {
    given(...granted('B'))
      .when(changeClass('B'))
      .thenRefuses('same-class');
  });

  test('a township official cannot change the class: the district decides', () => {
    given(...granted('C'))
      .when(changeClass('B', '2020-07-01', township))
      .thenRefuses('district-approval-required');
  });

  test('a class change effective before the status began is refused', () => {
    given(...granted('C'))
      .when(changeClass('B', '2020-03-15'))
      .thenRefuses('date-out-of-order');
  });

  test('a class change effective before the previous one is refused', () => {
    given(...after(granted('C'), changeClass('B', '2020-07-01')))
      .when(changeClass('A', '2020-06-01'))
      .thenRefuses('date-out-of-order');
  });

  test('a class change while the status is suspended is refused', () => {
    given(...after(granted('C'), suspend('2020-05-01')))
      .when(changeClass('B'))
      .thenRefuses('not-active');
  });

  test('a class change before approval is refused', () => {
    given(...historyOf(apply(), homeCheck()))
      .when(changeClass('B'))
      .thenRefuses('not-active');
  });

  test('a program without classes cannot change class', () => {
    const advancedAge = historyOf(applyFor('advanced-age', 'p-liu-gm', {}, { birthDate: '1938-04-02' }), reviewWithout(), approve());
    given(...advancedAge)
      .when(changeClass('B'))
      .thenRefuses('class-not-applicable');
  });

  test('a class change must give its reason', () => {
    given(...granted('C'))
      .when({ type: 'change-class', to: 'B', effectiveFrom: '2020-07-01', reason: '', by: district })
      .thenRefuses('reason-required');
  });
});

describe('the review calendar (复核): A/B yearly, C quarterly urban and half-yearly rural', () => {
  test('a class A status is first reviewed a year after it starts', () => {
    given(...granted('A')).thenState({ nextReviewOn: '2021-04-01' });
  });

  test('an urban class C status is reviewed every quarter', () => {
    given(...granted('C')).thenState({ nextReviewOn: '2020-07-01' });
  });

  test('a rural class C status is reviewed every half year', () => {
    given(...granted('C', { registration: 'rural' })).thenState({ nextReviewOn: '2020-10-01' });
  });

  test('a completed review sets the next one from the review date', () => {
    given(...granted('C'))
      .when(completeReview('2020-06-20'))
      .then({
        type: 'grid-records.assistance.review-completed',
        data: {
          caseId: 'c-1',
          program: 'minimum-living',
          class: 'C',
          householdId: 'h-liu',
          personId: null,
          on: '2020-06-20',
          nextReviewOn: '2020-09-20',
          by: township,
        },
        occurredAt: '2020-06-20',
      });
  });

  test('a suspended status can still be reviewed', () => {
    given(...after(granted('B'), suspend('2020-05-01')))
      .when(completeReview('2020-06-20'))
      .thenMatches(like({ data: { nextReviewOn: '2021-06-20' } }));
  });

  test('a review by a grid worker is refused: the township reviews', () => {
    given(...granted('B'))
      .when(completeReview('2020-06-20', gridWorker))
      .thenRefuses('township-review-required');
  });

  test('a review dated before the status began is refused', () => {
    given(...granted('B'))
      .when(completeReview('2020-03-25'))
      .thenRefuses('date-out-of-order');
  });

  test('a program without a review calendar has no periodic review', () => {
    const advancedAge = historyOf(applyFor('advanced-age', 'p-liu-gm', {}, { birthDate: '1938-04-02' }), reviewWithout(), approve());
    given(...advancedAge)
      .when(completeReview('2020-06-20'))
      .thenRefuses('no-review-calendar');
  });

  test('reviewing an application that is not yet granted is refused', () => {
    given(...historyOf(apply(), homeCheck(), review(), notice()))
      .when(completeReview('2020-06-20'))
      .thenRefuses('not-active');
  });
});
