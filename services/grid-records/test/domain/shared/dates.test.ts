import { addMonths, ageOn, birthdayAt, daysBetween, isIsoDate, lastDayOf } from '../../../src/domain/shared/dates';

describe('business dates', () => {
  test('a month after 31 January is the last day of February', () => {
    expect([addMonths('2020-01-31', 1), addMonths('2021-01-31', 1)]).toEqual(['2020-02-29', '2021-02-28']);
  });

  test('age counts completed years: the day before the birthday is still the younger age', () => {
    expect([ageOn('1940-03-03', '2020-03-02'), ageOn('1940-03-03', '2020-03-03')]).toEqual([79, 80]);
  });

  test('someone born on 29 February comes of age on 1 March in a common year, by both helpers', () => {
    expect(birthdayAt('2004-02-29', 18)).toBe('2022-03-01');
    expect([ageOn('2004-02-29', '2022-02-28'), ageOn('2004-02-29', '2022-03-01')]).toEqual([17, 18]);
  });

  test('days between dates and the last day of a month', () => {
    expect([daysBetween('2020-03-01', '2020-03-08'), lastDayOf('2020-02'), lastDayOf('2020-12')]).toEqual([7, '2020-02-29', '2020-12-31']);
  });

  test('only real calendar dates are dates', () => {
    expect([isIsoDate('2020-02-29'), isIsoDate('2021-02-29'), isIsoDate('2020-13-01'), isIsoDate('20200101')]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });
});
