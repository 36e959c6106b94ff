import { DEFAULT_STANDARDS, LENGSHUITAN_2020_01 } from '../../../src/domain/standards/default-standards';
import { explainMonthlyAmount, monthlyAmount } from '../../../src/domain/standards/monthly-amount';
import { standardsFor } from '../../../src/domain/standards/lookup';
import type { StandardsSet } from '../../../src/domain/standards/types';
import { district, township } from '../fixtures';
import { death, granted } from './status-fixtures';

const book = DEFAULT_STANDARDS;
const amount = (s: Parameters<typeof monthlyAmount>[0], month: string) => monthlyAmount(s, book, month);

describe('低保 amounts from Lengshuitan’s 2020 standards (seed 002)', () => {
  test('an urban class A household of three is paid the full 500 元 standard each in October 2020', () => {
    expect(amount(granted('minimum-living', { cls: 'A' }), '2020-10')).toBe(3 * 50_000);
  });

  test('from November 2020 the urban standard is 570 元', () => {
    expect(amount(granted('minimum-living', { cls: 'A' }), '2020-11')).toBe(3 * 57_000);
  });

  test('class B is paid 70% of the standard: 399 元 a person in December 2020', () => {
    expect(amount(granted('minimum-living', { cls: 'B', covered: ['p-liu-gm'] }), '2020-12')).toBe(39_900);
  });

  test('the rural standard of 4020 元 a year is 335 元 a month for class A', () => {
    expect(amount(granted('minimum-living', { cls: 'A', registration: 'rural', covered: ['p-liu-gm'] }), '2020-12')).toBe(33_500);
  });

  test('rural class C is 40%: 134 元', () => {
    expect(amount(granted('minimum-living', { cls: 'C', registration: 'rural', covered: ['p-liu-gm'] }), '2020-12')).toBe(13_400);
  });

  test('a household with no status in a month is paid nothing', () => {
    expect(amount(granted('minimum-living'), '2020-03')).toBe(0);
  });

  test('the month a status starts is paid in full, even from the 15th', () => {
    expect(amount(granted('minimum-living', { cls: 'A', covered: ['p-liu-gm'], effectiveFrom: '2020-04-15' }), '2020-04')).toBe(50_000);
  });

  test('a raise from C to B on 20 July pays class B for all of July', () => {
    expect(
      amount(
        granted(
          'minimum-living',
          { cls: 'C', covered: ['p-liu-gm'] },
          { type: 'change-class', to: 'B', effectiveFrom: '2020-07-20', reason: 'r', by: district },
        ),
        '2020-07',
      ),
    ).toBe(35_000);
  });

  test('a member who died in June is paid for June and not for July', () => {
    const s = granted(
      'minimum-living',
      { cls: 'A' },
      { type: 'end-coverage', personId: 'p-liu-son', endedOn: '2020-06-10', cause: 'death', by: district },
    );
    expect([amount(s, '2020-06'), amount(s, '2020-07')]).toEqual([3 * 50_000, 2 * 50_000]);
  });

  test('a status suspended for the whole of June pays nothing for June', () => {
    const s = granted(
      'minimum-living',
      { cls: 'A', covered: ['p-liu-gm'] },
      { type: 'suspend', on: '2020-05-20', reason: 'r', by: township },
      { type: 'resume', on: '2020-07-10', reason: 'r', by: township },
    );
    expect([amount(s, '2020-05'), amount(s, '2020-06'), amount(s, '2020-07')]).toEqual([50_000, 0, 50_000]);
  });

  test('a status annulled from its start pays nothing in any month', () => {
    const s = granted('minimum-living', { cls: 'A' }, { type: 'cancel', endedOn: '2020-03-31', reason: '人情保', by: district });
    expect(['2020-04', '2020-08', '2020-12'].map((m) => amount(s, m))).toEqual([0, 0, 0]);
  });
});

describe('deaths reported late stop payment from the month after the death (seed 002)', () => {
  test('a recipient who died on 15 June is paid for June and nothing after, even if recorded in December', () => {
    const s = granted('disability-care', { personId: 'p-liu-son' }, death('2020-06-15'));
    expect(['2020-06', '2020-07', '2020-12'].map((m) => amount(s, m))).toEqual([6_500, 0, 0]);
  });
});

describe('other programs’ monthly amounts', () => {
  test('特困 urban support is 8892 元 a year: 741 元 a month', () => {
    expect(amount(granted('extreme-poverty', { terms: { mode: 'dispersed', careLevel: 'self-care' } }), '2020-12')).toBe(74_100);
  });

  test('特困 rural support is 5280 元 a year: 440 元 a month', () => {
    expect(
      amount(
        granted('extreme-poverty', {
          registration: 'rural',
          terms: { mode: 'centralized', careLevel: 'self-care', institution: '蔡市敬老院' },
        }),
        '2020-12',
      ),
    ).toBe(44_000);
  });

  test('a 失能 特困 person adds the care fee (assumed 400 元)', () => {
    const agreement = {
      agreementId: 'a',
      caregiverName: { keyId: 'k', iv: 'AA==', tag: 'AA==', ciphertext: 'AA==' },
      signedOn: '2020-03-01',
    };
    expect(
      amount(granted('extreme-poverty', { terms: { mode: 'dispersed', careLevel: 'disabled', caregiverAgreement: agreement } }), '2020-12'),
    ).toBe(74_100 + 40_000);
  });

  test('each disability subsidy is 65 元 a month', () => {
    expect([
      amount(granted('disability-living', { personId: 'p-liu-son' }), '2020-12'),
      amount(granted('disability-care', { personId: 'p-liu-son' }), '2020-12'),
    ]).toEqual([6_500, 6_500]);
  });

  test('an 82-year-old receives the 80–89 band of the advanced-age allowance', () => {
    expect(amount(granted('advanced-age', { birthDate: '1938-04-02' }), '2020-12')).toBe(5_000);
  });

  test('the band changes with the birthday’s month: 90 on 20 May pays the 90–99 band for May', () => {
    const s = granted('advanced-age', { birthDate: '1930-05-20' });
    expect([amount(s, '2020-04'), amount(s, '2020-05')]).toEqual([5_000, 10_000]);
  });

  test('the band is the age reached in the month: ended on 10 May, before the 90th birthday on 20 May, May still pays 90–99', () => {
    // The case holds the birth year and month only; the day stays sealed in the applied event.
    const s = granted('advanced-age', { birthDate: '1930-05-20' }, { type: 'exit', endedOn: '2020-05-10', reason: '迁出', by: district });
    expect(s).toMatchObject({ birthYear: 1930, birthMonth: '1930-05' });
    expect(amount(s, '2020-05')).toBe(10_000);
  });

  test('a centenarian (百岁老人) receives 350 元 (seed 002: 8.8 万 for 21 persons)', () => {
    expect(amount(granted('advanced-age', { birthDate: '1919-01-01' }), '2020-12')).toBe(35_000);
  });

  test('a scattered orphan is paid 950 元 and one in the welfare home 1350 元 (assumed)', () => {
    const orphan = (mode: 'dispersed' | 'centralized') =>
      granted('orphan', { personId: 'p-liu-gd', birthDate: '2010-06-01', terms: { mode } });
    expect([amount(orphan('dispersed'), '2020-12'), amount(orphan('centralized'), '2020-12')]).toEqual([95_000, 135_000]);
  });

  test('temporary assistance pays its amount once, in the month it takes effect', () => {
    const s = granted('temporary', { personId: 'p-liu-son', effectiveFrom: '2020-05-10', terms: { amountFen: 150_000 } });
    expect([amount(s, '2020-04'), amount(s, '2020-05'), amount(s, '2020-06')]).toEqual([0, 150_000, 0]);
  });

  test('care registers (监测户, 留守, 独居, 低保边缘) pay nothing', () => {
    expect(explainMonthlyAmount(granted('monitored'), book, '2020-12')).toEqual({
      fen: 0,
      persons: 0,
      basis: 'a care register: visits, no money',
    });
  });
});

describe('standards by region and date', () => {
  const own: StandardsSet = {
    ...LENGSHUITAN_2020_01,
    id: 'other-2020',
    regionId: 'lingling',
    effectiveFrom: '2020-07-01',
    minimumLiving: { urban: { fen: 60_000, per: 'month' }, rural: { fen: 420_000, per: 'year' } },
  };

  test('the default set applies to a district without its own', () => {
    expect(standardsFor([...book, own], 'lengshuitan', '2020-12-01').id).toBe('lengshuitan-2020-11');
  });

  test('a district’s own set applies from its effective date', () => {
    expect(standardsFor([...book, own], 'lingling', '2020-07-01').id).toBe('other-2020');
  });

  test('before its own set took effect the district falls back to the default', () => {
    expect(standardsFor([...book, own], 'lingling', '2020-06-30').id).toBe('lengshuitan-2020-01');
  });

  test('a month before any standard existed cannot be paid', () => {
    expect(() => amount(granted('disability-care', { personId: 'p', effectiveFrom: '2019-06-01' }), '2019-06')).toThrow(
      expect.objectContaining({ rule: 'no-standard' }),
    );
  });
});
