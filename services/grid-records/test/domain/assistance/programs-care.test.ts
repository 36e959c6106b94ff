import { specFor } from '@grid/platform/decider';
import { assistanceDecider } from '../../../src/domain/assistance/decide';
import { district, like, sealed, townshipHead } from '../fixtures';
import {
  GRANDDAUGHTER,
  GRANDMOTHER,
  SON,
  after,
  apply,
  applyFor,
  approve,
  historyOf,
  homeCheck,
  notice,
  review,
  reviewWithout,
} from './assistance-fixtures';

const given = specFor(assistanceDecider);

describe('children’s programs: 孤儿, 事实无人抚养儿童, 困境儿童, 留守儿童', () => {
  test('a ten-year-old applies as a de-facto unsupported child: the date sealed, the year in clear, no month', () => {
    const [applied] = after([], applyFor('unsupported-child', GRANDDAUGHTER, {}, { birthDate: '2010-06-01' }));
    expect(applied).toMatchObject({ data: { program: 'unsupported-child', birthDate: sealed('2010-06-01'), birthYear: 2010 } });
    expect(applied!.data).not.toHaveProperty('birthMonth');
  });

  test('a person who turned 18 is refused as a child', () => {
    given()
      .when(applyFor('child-in-difficulty', GRANDDAUGHTER, {}, { birthDate: '2002-03-02' }))
      .thenRefuses('not-a-child');
  });

  test('the day before the 18th birthday still counts as a child', () => {
    given()
      .when(applyFor('left-behind-child', GRANDDAUGHTER, {}, { birthDate: '2002-03-03' }))
      .thenMatches(like({ type: 'grid-records.assistance.applied' }));
  });

  test('age rules need the birth date', () => {
    given()
      .when(applyFor('orphan', GRANDDAUGHTER, { mode: 'dispersed' }))
      .thenRefuses('birth-date-required');
  });

  test('an orphan’s application says whether the child lives scattered or in the welfare home', () => {
    given()
      .when(applyFor('orphan', GRANDDAUGHTER, {}, { birthDate: '2010-06-01' }))
      .thenRefuses('support-mode-required');
  });

  test('children’s data is never publicly noticed', () => {
    given(...historyOf(applyFor('orphan', GRANDDAUGHTER, { mode: 'dispersed' }, { birthDate: '2010-06-01' }), homeCheck(), reviewWithout()))
      .when(notice())
      .thenRefuses('notice-not-applicable');
  });

  test('the district approves an orphan’s allowance after the home check and township review', () => {
    given(...historyOf(applyFor('orphan', GRANDDAUGHTER, { mode: 'dispersed' }, { birthDate: '2010-06-01' }), homeCheck(), reviewWithout()))
      .when(approve())
      .thenMatches(like({ data: { program: 'orphan', mode: 'dispersed', personId: GRANDDAUGHTER } }));
  });

  test('the township registers a left-behind child', () => {
    given(...historyOf(applyFor('left-behind-child', GRANDDAUGHTER, {}, { birthDate: '2010-06-01' }), homeCheck(), reviewWithout()))
      .when(approve({ by: townshipHead }))
      .thenMatches(like({ data: { approverLevel: 'township' } }));
  });
});

describe('elderly programs: 高龄补贴 (80+), 留守老人, 独居老人 (60+)', () => {
  test('an 81-year-old applies for the advanced-age allowance', () => {
    given()
      .when(applyFor('advanced-age', GRANDMOTHER, {}, { birthDate: '1938-04-02' }))
      // Its age bands are counted by month where no key opens the date: the month in clear, the day sealed.
      .thenMatches(like({ data: { program: 'advanced-age', birthDate: sealed('1938-04-02'), birthYear: 1938, birthMonth: '1938-04' } }));
  });

  test('a 79-year-old is refused the advanced-age allowance', () => {
    given()
      .when(applyFor('advanced-age', GRANDMOTHER, {}, { birthDate: '1940-03-03' }))
      .thenRefuses('under-advanced-age');
  });

  test('the advanced-age allowance needs no home check: the township reviews first', () => {
    given(...historyOf(applyFor('advanced-age', GRANDMOTHER, {}, { birthDate: '1938-04-02' })))
      .when(homeCheck())
      .thenRefuses('home-check-not-applicable');
  });

  test('a 60-year-old living alone is registered as solitary elderly', () => {
    given()
      .when(applyFor('solitary-elderly', SON, {}, { birthDate: '1960-03-02' }))
      .thenMatches(like({ data: { program: 'solitary-elderly' } }));
  });

  test('a 59-year-old is not elderly', () => {
    given()
      .when(applyFor('left-behind-elderly', SON, {}, { birthDate: '1960-03-03' }))
      .thenRefuses('not-elderly');
  });

  test('the township registers a left-behind elder', () => {
    given(...historyOf(applyFor('left-behind-elderly', GRANDMOTHER, {}, { birthDate: '1938-04-02' }), homeCheck(), reviewWithout()))
      .when(approve({ by: townshipHead }))
      .thenMatches(like({ data: { approverLevel: 'township' } }));
  });
});

describe('household programs: 低保边缘 and 监测户', () => {
  test('a household just above the line applies as low-income marginal, noticed and approved by the district', () => {
    given(...historyOf(apply({ program: 'low-income-marginal' }), homeCheck(), reviewWithout(), notice()))
      .when(approve({ by: townshipHead }))
      .thenRefuses('district-approval-required');
  });

  test('the township puts a household under monitoring (监测户)', () => {
    given(...historyOf(apply({ program: 'monitored' }), homeCheck(), reviewWithout()))
      .when(approve({ by: townshipHead }))
      .thenMatches(
        like({ data: { program: 'monitored', coveredPersonIds: [GRANDMOTHER, SON, GRANDDAUGHTER], approverLevel: 'township' } }),
      );
  });

  test('a class on a monitored household is refused', () => {
    given(...historyOf(apply({ program: 'monitored' }), homeCheck()))
      .when(review({ class: 'A' }))
      .thenRefuses('class-not-applicable');
  });
});

describe('优抚对象 entitled veterans and person programs in general', () => {
  test('a veteran’s status names the 优抚 category', () => {
    given()
      .when(applyFor('entitled-veteran', SON, {}))
      .thenRefuses('veteran-category-required');
  });

  test('a veteran with a category is approved by the district', () => {
    given(...historyOf(applyFor('entitled-veteran', SON, { veteranCategory: '在乡复员军人' }), reviewWithout()))
      .when(approve({ by: district }))
      .thenMatches(like({ data: { veteranCategory: '在乡复员军人' } }));
  });

  test('a person program without the person is refused', () => {
    given()
      .when(apply({ program: 'disability-care', coveredPersonIds: undefined }))
      .thenRefuses('person-required');
  });
});
