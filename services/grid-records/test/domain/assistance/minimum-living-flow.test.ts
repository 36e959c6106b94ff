import { specFor } from '@grid/platform/decider';
import { assistanceDecider } from '../../../src/domain/assistance/decide';
import { communityOfficial, district, gridWorker, like, township } from '../fixtures';
import { GRANDDAUGHTER, GRANDMOTHER, SON, apply, approve, historyOf, homeCheck, notice, noticed, review } from './assistance-fixtures';

const given = specFor(assistanceDecider);

describe('低保 application: apply → home check → township review → notice → district approval', () => {
  test('a household applies for 低保, and the facts the decision rests on are kept', () => {
    given()
      .when(apply())
      .then({
        type: 'grid-records.assistance.applied',
        data: {
          caseId: 'c-1',
          program: 'minimum-living',
          householdId: 'h-liu',
          personId: null,
          coveredPersonIds: [GRANDMOTHER, SON, GRANDDAUGHTER],
          registration: 'urban',
          districtId: 'lengshuitan',
          birthDate: null,
          birthYear: null,
          class: null,
          appliedOn: '2020-03-02',
          officialRelative: false,
          facts: { asOf: '2020-03-02', disabilityGrade: null, personPrograms: [], householdPrograms: [] },
          by: gridWorker,
        },
        occurredAt: '2020-03-02',
      });
  });

  test('applying twice on the same case is refused', () => {
    given(...historyOf(apply()))
      .when(apply())
      .thenRefuses('already-applied');
  });

  test('a 低保 application naming one person instead of the household is refused', () => {
    given()
      .when(apply({ personId: SON }))
      .thenRefuses('household-program');
  });

  test('a 低保 application that covers nobody is refused', () => {
    given()
      .when(apply({ coveredPersonIds: [] }))
      .thenRefuses('covered-members-required');
  });

  test('a household already on 低保 cannot apply again', () => {
    given()
      .when(apply({}, { householdPrograms: ['minimum-living'] }))
      .thenRefuses('already-granted');
  });

  test('the home check is recorded after the application', () => {
    given(...historyOf(apply()))
      .when(homeCheck('2020-03-05'))
      .then({
        type: 'grid-records.assistance.home-checked',
        data: { caseId: 'c-1', on: '2020-03-05', findings: ['income-verified'], by: gridWorker },
        occurredAt: '2020-03-05',
      });
  });

  test('a home check dated before the application is refused', () => {
    given(...historyOf(apply()))
      .when(homeCheck('2020-03-01'))
      .thenRefuses('date-out-of-order');
  });

  test('a second home check is out of sequence', () => {
    given(...historyOf(apply(), homeCheck()))
      .when(homeCheck('2020-03-06'))
      .thenRefuses('out-of-sequence');
  });

  test('the township reviews without a home check: refused', () => {
    given(...historyOf(apply()))
      .when(review())
      .thenRefuses('home-check-required');
  });

  test('the township recommends class B', () => {
    given(...historyOf(apply(), homeCheck()))
      .when(review())
      .then({
        type: 'grid-records.assistance.reviewed',
        data: { caseId: 'c-1', on: '2020-03-10', recommended: true, class: 'B', by: township },
        occurredAt: '2020-03-10',
      });
  });

  test('a community official cannot do the township review', () => {
    given(...historyOf(apply(), homeCheck()))
      .when(review({ by: communityOfficial }))
      .thenRefuses('township-review-required');
  });

  test('a review that does not recommend approval must give its reason', () => {
    given(...historyOf(apply(), homeCheck()))
      .when(review({ recommended: false }))
      .thenRefuses('reason-required');
  });

  test('the public notice runs seven days after the review', () => {
    given(...historyOf(apply(), homeCheck(), review()))
      .when(notice('2020-03-11', 7))
      .then({
        type: 'grid-records.assistance.notice-published',
        data: { caseId: 'c-1', from: '2020-03-11', until: '2020-03-17', by: township },
        occurredAt: '2020-03-11',
      });
  });

  test('a notice shorter than seven days is refused', () => {
    given(...historyOf(apply(), homeCheck(), review()))
      .when(notice('2020-03-11', 5))
      .thenRefuses('notice-too-short');
  });

  test('a notice before the township review is refused', () => {
    given(...historyOf(apply(), homeCheck()))
      .when(notice())
      .thenRefuses('review-required');
  });

  test('a notice for a case the township did not recommend is refused', () => {
    given(...historyOf(apply(), homeCheck(), review({ recommended: false, reason: 'income above the line' })))
      .when(notice())
      .thenRefuses('not-recommended');
  });

  test('the district approves class B from April after the notice ran its full seven days', () => {
    given(...noticed())
      .when(approve())
      .then({
        type: 'grid-records.assistance.approved',
        data: {
          caseId: 'c-1',
          program: 'minimum-living',
          class: 'B',
          householdId: 'h-liu',
          personId: null,
          coveredPersonIds: [GRANDMOTHER, SON, GRANDDAUGHTER],
          registration: 'urban',
          districtId: 'lengshuitan',
          effectiveFrom: '2020-04-01',
          decidedOn: '2020-03-20',
          approverLevel: 'district',
          nextReviewOn: '2021-04-01',
          officialRelative: false,
          by: district,
        },
        occurredAt: '2020-04-01',
      });
  });

  test('the district may set a different class than the township proposed', () => {
    given(...noticed('B'))
      .when(approve({ class: 'A' }))
      .thenMatches(like({ data: { class: 'A' } }));
  });

  test('approving while the notice still runs is refused', () => {
    given(...noticed())
      .when(approve({ decidedOn: '2020-03-17' }))
      .thenRefuses('notice-not-over');
  });

  test('approving without a public notice is refused', () => {
    given(...historyOf(apply(), homeCheck(), review()))
      .when(approve())
      .thenRefuses('notice-required');
  });

  test('approving before the township review is refused', () => {
    given(...historyOf(apply(), homeCheck()))
      .when(approve())
      .thenRefuses('review-required');
  });

  test('approving before the home check is refused', () => {
    given(...historyOf(apply()))
      .when(approve())
      .thenRefuses('home-check-required');
  });

  test('approving 低保 without a class is refused', () => {
    given(...historyOf(apply(), homeCheck(), review({ class: undefined }), notice()))
      .when(approve())
      .thenRefuses('class-required');
  });

  test('a status starting before the application is refused', () => {
    given(...noticed())
      .when(approve({ effectiveFrom: '2020-02-01' }))
      .thenRefuses('effective-before-application');
  });

  test('a township official cannot approve 低保: the district does', () => {
    given(...noticed())
      .when(approve({ by: township }))
      .thenRefuses('district-approval-required');
  });

  test('a grid worker cannot approve anything', () => {
    given(...noticed())
      .when(approve({ by: gridWorker }))
      .thenRefuses('approver-role');
  });

  test('approving a status already granted is refused', () => {
    given(...historyOf(apply(), homeCheck(), review(), notice(), approve()))
      .when(approve())
      .thenRefuses('already-granted');
  });

  test('the district rejects the application, giving the reason', () => {
    given(...noticed())
      .when({ type: 'reject', on: '2020-03-20', reason: 'property above the limit', by: district })
      .then({
        type: 'grid-records.assistance.rejected',
        data: {
          caseId: 'c-1',
          program: 'minimum-living',
          class: null,
          householdId: 'h-liu',
          personId: null,
          on: '2020-03-20',
          reason: 'property above the limit',
          by: district,
        },
        occurredAt: '2020-03-20',
      });
  });

  test('a rejection without a reason is refused', () => {
    given(...noticed())
      .when({ type: 'reject', on: '2020-03-20', reason: ' ', by: district })
      .thenRefuses('reason-required');
  });

  test('a township official cannot reject 低保', () => {
    given(...noticed())
      .when({ type: 'reject', on: '2020-03-20', reason: 'r', by: township })
      .thenRefuses('district-approval-required');
  });

  test('a rejected case takes no further steps', () => {
    given(...historyOf(apply(), homeCheck(), { type: 'reject', on: '2020-03-20', reason: 'r', by: district }))
      .when(review())
      .thenRefuses('case-closed');
  });

  test('a step on a case that does not exist is refused', () => {
    given().when(homeCheck()).thenRefuses('unknown-case');
  });
});
