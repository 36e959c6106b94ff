import { specFor } from '@grid/platform/decider';
import { assistanceDecider } from '../../../src/domain/assistance/decide';
import { district, like, sealed, townshipHead } from '../fixtures';
import { SOURCES } from '../../../src/domain/assistance/programs';
import {
  GRANDDAUGHTER,
  GRANDMOTHER,
  SON,
  after,
  apply as applyHousehold,
  applyFor,
  approve,
  historyOf,
  homeCheck,
  notice,
  review,
  reviewWithout,
  suspend,
} from './assistance-fixtures';

const given = specFor(assistanceDecider);
const agreement = { agreementId: 'care-2020-017', caregiverName: sealed('邻居王某'), signedOn: '2020-03-01' };

describe('a person supported as 特困 is not counted in the household’s 低保 as well (no double benefit)', () => {
  test('a 低保 application covering the grandmother, who holds 特困, is refused naming her and the rule’s source', () => {
    given()
      .when(applyHousehold({}, { coveredUnderExtremePoverty: [GRANDMOTHER] }))
      .thenRefuses('no-double-benefit', { field: 'coveredPersonIds.0', source: SOURCES.noDoubleBenefit });
  });

  test('the same application covering the others is accepted', () => {
    given()
      .when(applyHousehold({ coveredPersonIds: [SON, GRANDDAUGHTER] }, { coveredUnderExtremePoverty: [GRANDMOTHER] }))
      .thenMatches(like({ data: { coveredPersonIds: [SON, GRANDDAUGHTER] } }));
  });
});

describe('特困 extreme-poverty support: 分散 at home or 集中 in an institution', () => {
  const apply = (over = {}) =>
    applyFor('extreme-poverty', GRANDMOTHER, { mode: 'dispersed', careLevel: 'self-care', ...over }, { birthDate: '1938-04-02' });

  test('a self-caring elder supported at home applies', () => {
    given()
      .when(apply())
      .thenMatches(
        like({
          type: 'grid-records.assistance.applied',
          data: {
            program: 'extreme-poverty',
            personId: GRANDMOTHER,
            mode: 'dispersed',
            careLevel: 'self-care',
            birthDate: sealed('1938-04-02'),
            birthYear: 1938,
          },
        }),
      );
  });

  test('a 半失能 elder at home needs a signed caregiver agreement (照料护理协议)', () => {
    given()
      .when(apply({ careLevel: 'semi-disabled' }))
      .thenRefuses('caregiver-agreement-required');
  });

  test('a 失能 elder at home with a caregiver agreement applies', () => {
    given()
      .when(apply({ careLevel: 'disabled', caregiverAgreement: agreement }))
      .thenMatches(like({ data: { careLevel: 'disabled', caregiverAgreement: agreement } }));
  });

  test('集中供养 names the institution', () => {
    given()
      .when(apply({ mode: 'centralized', careLevel: 'disabled' }))
      .thenRefuses('institution-required');
  });

  test('a 失能 elder living in the 敬老院 needs no home caregiver agreement', () => {
    given()
      .when(apply({ mode: 'centralized', careLevel: 'disabled', institution: '高溪市中心敬老院' }))
      .thenMatches(like({ data: { institution: '高溪市中心敬老院' } }));
  });

  test('an application without the support mode is refused', () => {
    given()
      .when(apply({ mode: undefined }))
      .thenRefuses('support-mode-required');
  });

  test('an application without a self-care assessment is refused', () => {
    given()
      .when(apply({ careLevel: undefined }))
      .thenRefuses('care-level-required');
  });

  test('特困 is noticed publicly and approved by the district', () => {
    given(...historyOf(apply(), homeCheck(), review({ class: undefined }), notice()))
      .when(approve())
      .thenMatches(
        like({
          data: {
            program: 'extreme-poverty',
            class: null,
            mode: 'dispersed',
            careLevel: 'self-care',
            approverLevel: 'district',
            nextReviewOn: '2021-04-01',
          },
        }),
      );
  });

  test('特困 has no classes', () => {
    given()
      .when(apply({ class: 'A' }))
      .thenRefuses('class-not-applicable');
  });
});

describe('临时救助 temporary assistance: one-off; the township approves up to 2000 元 per person per time (seed 002)', () => {
  const apply = (amountFen: number | undefined) => applyFor('temporary', SON, amountFen === undefined ? {} : { amountFen });
  const reviewed = (amountFen: number) => historyOf(apply(amountFen), homeCheck(), reviewWithout());

  test('the township approves 1500 元 for a sudden illness', () => {
    given(...reviewed(150_000))
      .when(approve({ by: townshipHead }))
      .thenMatches(like({ data: { program: 'temporary', amountFen: 150_000, approverLevel: 'township' } }));
  });

  test('exactly 2000 元 is still within the township’s power', () => {
    given(...reviewed(200_000))
      .when(approve({ by: townshipHead }))
      .thenMatches(like({ data: { approverLevel: 'township' } }));
  });

  test('2000.01 元 needs the district', () => {
    given(...reviewed(200_001))
      .when(approve({ by: townshipHead }))
      .thenRefuses('township-limit-exceeded');
  });

  test('the district approves 5000 元', () => {
    given(...reviewed(500_000))
      .when(approve({ by: district }))
      .thenMatches(like({ data: { amountFen: 500_000, approverLevel: 'district' } }));
  });

  test('the review’s amount decides who approves, when it changed the applied amount', () => {
    given(...historyOf(apply(150_000), homeCheck(), review({ class: undefined, amountFen: 300_000 })))
      .when(approve({ by: townshipHead }))
      .thenRefuses('township-limit-exceeded');
  });

  test('an application without an amount is refused', () => {
    given().when(apply(undefined)).thenRefuses('amount-required');
  });

  test('temporary assistance is not publicly noticed before approval', () => {
    given(...reviewed(150_000))
      .when(notice())
      .thenRefuses('notice-not-applicable');
  });

  test('a one-off grant cannot be suspended', () => {
    given(...after(reviewed(150_000), approve({ by: townshipHead })))
      .when(suspend('2020-05-01'))
      .thenRefuses('one-off');
  });

  test('a person can receive temporary assistance again while another grant stands', () => {
    given()
      .when(applyFor('temporary', SON, { amountFen: 100_000 }, { personPrograms: ['temporary'] }))
      .thenMatches(like({ type: 'grid-records.assistance.applied' }));
  });
});

describe('残疾人两项补贴: living subsidy (grade 1–4 on 低保 or 边缘) and care subsidy (grade 1–2); never for 特困 (seed 002)', () => {
  const living = (f = {}) => applyFor('disability-living', SON, {}, { disabilityGrade: 3, householdPrograms: ['minimum-living'], ...f });
  const care = (f = {}) => applyFor('disability-care', SON, {}, { disabilityGrade: 2, ...f });

  test('a grade 3 disabled member of a 低保 household applies for the living subsidy', () => {
    given()
      .when(living())
      .thenMatches(like({ data: { program: 'disability-living', facts: { disabilityGrade: 3, householdPrograms: ['minimum-living'] } } }));
  });

  test('a grade 4 disabled member of a 低保边缘 household qualifies too', () => {
    given()
      .when(living({ disabilityGrade: 4, householdPrograms: ['low-income-marginal'] }))
      .thenMatches(like({ type: 'grid-records.assistance.applied' }));
  });

  test('the living subsidy without a disability certificate is refused', () => {
    given()
      .when(living({ disabilityGrade: null }))
      .thenRefuses('disability-certificate-required');
  });

  test('the living subsidy for a household on neither 低保 nor 边缘 is refused', () => {
    given()
      .when(living({ householdPrograms: [] }))
      .thenRefuses('not-on-minimum-living');
  });

  test('the living subsidy for a 特困 person is refused', () => {
    given()
      .when(living({ personPrograms: ['extreme-poverty'] }))
      .thenRefuses('extreme-poverty-excluded');
  });

  test('a grade 2 disabled person applies for the care subsidy, whatever the household’s income', () => {
    given()
      .when(care())
      .thenMatches(like({ data: { program: 'disability-care' } }));
  });

  test('the care subsidy for grade 3 is refused', () => {
    given()
      .when(care({ disabilityGrade: 3 }))
      .thenRefuses('severe-disability-required');
  });

  test('the care subsidy for a 特困 person is refused', () => {
    given()
      .when(care({ personPrograms: ['extreme-poverty'] }))
      .thenRefuses('extreme-poverty-excluded');
  });

  test('a person already receiving the care subsidy cannot apply again', () => {
    given()
      .when(care({ personPrograms: ['disability-care'] }))
      .thenRefuses('already-granted');
  });

  test('the subsidies go straight to township review and district approval, without notice', () => {
    given(...historyOf(care(), reviewWithout()))
      .when(approve())
      .thenMatches(like({ data: { program: 'disability-care', approverLevel: 'district' } }));
  });
});
