import { DEFAULT_STANDARDS } from '../../../src/domain/standards/default-standards';
import { paymentRoster } from '../../../src/domain/standards/payment-roster';
import { district } from '../fixtures';
import { death, granted } from './status-fixtures';

// A small slice of Lengshuitan in late 2020: one 低保 household of three (class B), a 特困 elder, a
// disabled man whose death on 15 June was only recorded in December, a monitored household, and a
// 低保 status annulled as 人情保.
const statuses = [
  granted('minimum-living', { caseId: 'c-liu', householdId: 'h-liu', cls: 'B' }),
  granted('extreme-poverty', {
    caseId: 'c-zhou',
    householdId: 'h-zhou',
    personId: 'p-zhou',
    terms: { mode: 'centralized', careLevel: 'self-care', institution: '普利桥中心敬老院' },
  }),
  granted('disability-care', { caseId: 'c-tang', householdId: 'h-tang', personId: 'p-tang' }, death('2020-06-15')),
  granted('monitored', { caseId: 'c-he', householdId: 'h-he', covered: ['p-he'] }),
  granted(
    'minimum-living',
    { caseId: 'c-fake', householdId: 'h-fake', cls: 'A', covered: ['p-fake'] },
    { type: 'cancel', endedOn: '2020-03-31', reason: '人情保', by: district },
  ),
];

describe('the monthly payment roster (发放花名册)', () => {
  test('December 2020 pays the 低保 household and the 特困 elder, and nobody who died or was annulled', () => {
    const roster = paymentRoster(statuses, DEFAULT_STANDARDS, '2020-12');
    expect(roster.lines).toEqual([
      {
        caseId: 'c-liu',
        program: 'minimum-living',
        householdId: 'h-liu',
        personId: null,
        persons: 3,
        amountFen: 3 * 39_900,
        basis: '低保 urban class B: 39900 fen × 3 (lengshuitan-2020-11)',
      },
      {
        caseId: 'c-zhou',
        program: 'extreme-poverty',
        householdId: 'h-zhou',
        personId: 'p-zhou',
        persons: 1,
        amountFen: 74_100,
        basis: '特困 urban + 照料护理 self-care (lengshuitan-2020-11)',
      },
    ]);
  });

  test('the roster totals the month’s money and persons', () => {
    expect(paymentRoster(statuses, DEFAULT_STANDARDS, '2020-12')).toMatchObject({
      month: '2020-12',
      totalFen: 3 * 39_900 + 74_100,
      persons: 4,
    });
  });

  test('the month of the late-reported death still pays the disabled man’s care subsidy', () => {
    expect(paymentRoster(statuses, DEFAULT_STANDARDS, '2020-06').lines.map((l) => l.caseId)).toEqual(['c-liu', 'c-tang', 'c-zhou']);
  });

  test('the month after the death pays him nothing', () => {
    expect(paymentRoster(statuses, DEFAULT_STANDARDS, '2020-07').lines.map((l) => l.caseId)).toEqual(['c-liu', 'c-zhou']);
  });

  test('October 2020 uses the 500 元 urban standard, November the 570 元 one', () => {
    const liu = (month: string) => paymentRoster(statuses, DEFAULT_STANDARDS, month).lines.find((l) => l.caseId === 'c-liu')!.amountFen;
    expect([liu('2020-10'), liu('2020-11')]).toEqual([3 * 35_000, 3 * 39_900]);
  });

  test('a month before any status started has an empty roster', () => {
    expect(paymentRoster(statuses, DEFAULT_STANDARDS, '2020-03')).toEqual({ month: '2020-03', lines: [], totalFen: 0, persons: 0 });
  });
});
