import { disclosuresOwed, DISCLOSURE_RULES } from '../../src/domain/disclosure/clocks';
import { ART } from '../../src/domain/rules/articles';
import { campaignOf, disclose, flag, given, launch } from './campaign-fixtures';
import { staff } from './fixtures';

const clock = { public: true, emergency: false, disclosures: [] };
/** Ends 2025-12-31: three months after is 2026-03-31, the 90th day. */
const ended = { ...clock, from: '2025-07-01', end: '2025-12-31' };

describe('full disclosure within 3 months after the end (慈善法 2023)', () => {
  test.each([
    ['2026-03-30', 89, false],
    ['2026-03-31', 90, false],
    ['2026-04-01', 91, true],
  ])('on %s (day %i after the end) the final disclosure is overdue: %s', (at, _day, overdue) => {
    expect(disclosuresOwed(ended, at)).toEqual([{ kind: 'final', dueBy: '2026-03-31', overdue, rule: { rule: DISCLOSURE_RULES.final.rule, source: ART.periodicDisclosure } }]);
  });

  test('a final disclosure published on the 90th day discharges it', () => {
    expect(disclosuresOwed({ ...ended, disclosures: [{ kind: 'final', on: '2026-03-31' }] }, '2026-04-01')).toEqual([]);
  });
});

describe('every 3 months while a campaign runs over 6 months', () => {
  const year = { ...clock, from: '2026-01-01', end: '2026-12-31' };

  test.each([
    ['2026-03-31', false],
    ['2026-04-01', false],
    ['2026-04-02', true],
  ])('with nothing published since it started on 2026-01-01, on %s the periodic disclosure is overdue: %s', (at, overdue) => {
    expect(disclosuresOwed(year, at)).toEqual([expect.objectContaining({ kind: 'periodic', dueBy: '2026-04-01', overdue })]);
  });

  test('a disclosure restarts the clock', () => {
    expect(disclosuresOwed({ ...year, disclosures: [{ kind: 'periodic', on: '2026-03-15' }] }, '2026-05-01')).toEqual([expect.objectContaining({ kind: 'periodic', dueBy: '2026-06-15', overdue: false })]);
  });

  test('a campaign of exactly 6 months owes no periodic disclosure', () => {
    expect(disclosuresOwed({ ...clock, from: '2026-01-01', end: '2026-07-01' }, '2026-05-01')).toEqual([]);
  });

  test('a campaign among specific donors owes no public disclosure', () => {
    expect(disclosuresOwed({ ...ended, public: false }, '2026-06-01')).toEqual([]);
  });
});

describe('an emergency campaign discloses its receipts at least every 5 days during the response', () => {
  const response = { ...clock, emergency: true, from: '2020-01-25', end: '2020-03-31' };

  test.each([
    ['2020-01-30', false],
    ['2020-01-31', true],
  ])('started 2020-01-25 with nothing published: on %s the receipts disclosure is overdue: %s', (at, overdue) => {
    expect(disclosuresOwed(response, at)).toEqual([{ kind: 'emergency-receipts', dueBy: '2020-01-30', overdue, rule: { rule: 'emergency-receipts-every-5-days', source: ART.emergencyDisclosure } }]);
  });

  test.each([
    ['2020-02-04', false],
    ['2020-02-05', true],
  ])('a receipts disclosure on the fifth day restarts the 5 days: on %s the next is overdue: %s', (at, overdue) => {
    expect(disclosuresOwed({ ...response, disclosures: [{ kind: 'emergency-receipts', on: '2020-01-30' }] }, at)).toEqual([expect.objectContaining({ kind: 'emergency-receipts', dueBy: '2020-02-04', overdue })]);
  });

  test('a receipts disclosure published late restarts the 5 days from its own day', () => {
    expect(disclosuresOwed({ ...response, disclosures: [{ kind: 'emergency-receipts', on: '2020-02-02' }] }, '2020-02-07')).toEqual([expect.objectContaining({ dueBy: '2020-02-07', overdue: false })]);
  });

  test.each([
    ['2020-03-26', ['2020-03-31']],
    ['2020-03-27', []],
  ])('the 5 days run only during the response (it ends 2020-03-31): after a disclosure on %s the next falls due on %j', (published, dueBy) => {
    const asPublished = { ...response, disclosures: [{ kind: 'emergency-receipts' as const, on: published }] };
    expect(disclosuresOwed(asPublished, '2020-03-31').flatMap((o) => (o.kind === 'emergency-receipts' ? [o.dueBy] : []))).toEqual(dueBy);
  });

  test('a campaign that is no emergency owes no 5-day receipts disclosure', () => {
    expect(disclosuresOwed({ ...response, emergency: false }, '2020-02-10').filter((o) => o.kind === 'emergency-receipts')).toEqual([]);
  });
});

describe('overdue disclosures raise an event, once', () => {
  const appeal = launch({ kind: 'emergency-appeal', emergency: true, from: '2020-01-25', to: '2020-03-31', on: '2020-01-25' });

  test('the daily check records the overdue receipts disclosure with its rule', () => {
    given(...campaignOf(appeal))
      .when(flag('2020-01-31'))
      .then({
        type: 'charity.campaign.disclosure-overdue',
        data: { kind: 'emergency-receipts', dueBy: '2020-01-30', rule: { rule: 'emergency-receipts-every-5-days', source: ART.emergencyDisclosure }, on: '2020-01-31', by: staff },
        occurredAt: '2020-01-31',
      });
  });

  test('the next day\'s check does not record it again', () => {
    given(...campaignOf(appeal, flag('2020-01-31')))
      .when(flag('2020-02-01'))
      .thenNothing();
  });

  test('nothing is recorded when the disclosure was published in time', () => {
    given(...campaignOf(appeal, disclose('r1', 'emergency-receipts', '2020-01-30')))
      .when(flag('2020-01-31'))
      .thenNothing();
  });
});
