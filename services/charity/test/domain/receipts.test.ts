import { historyOf } from '@grid/platform/decider';
import type { ReceiptEvent } from '../../src/domain/events';
import { receiptBookDecider, type ReceiptCommand } from '../../src/domain/receipts/receipt-book';
import { ART } from '../../src/domain/rules/articles';
import { givenOn, ONE_DAY, ORG, staff } from './fixtures';

const given = givenOn(receiptBookDecider);
const issue = (donationId: string, amountFen = 10_000, on = '2020-09-05'): ReceiptCommand => ({
  type: 'issue-receipt',
  organisationId: ORG,
  year: 2020,
  donationId,
  campaignId: ONE_DAY,
  amountFen,
  donorId: `donor-${donationId}`,
  on,
  by: staff,
});
const voidReceipt = (seq: number, reason = '金额开错'): ReceiptCommand => ({ type: 'void-receipt', seq, reason, on: '2020-09-06', by: staff });
const reissue = (seq: number, amountFen: number): ReceiptCommand => ({ type: 'reissue-receipt', seq, reason: '金额开错', amountFen, donorId: 'donor-d2', on: '2020-09-06', by: staff });
const book = (...commands: ReceiptCommand[]): ReceiptEvent[] => historyOf(receiptBookDecider, commands);
const numbers = (events: ReceiptEvent[]) => events.flatMap((e) => (e.type === 'charity.receipt.issued' ? [e.data.number] : []));

describe('donation receipts (捐赠票据), numbered per organisation and year', () => {
  test('the first receipt of the year is number 1', () => {
    given()
      .when(issue('d1'))
      .then({
        type: 'charity.receipt.issued',
        data: { seq: 1, number: '2020-000001', donationId: 'd1', campaignId: ONE_DAY, amountFen: 10_000, donorId: 'donor-d1', replacesSeq: null, on: '2020-09-05', by: staff },
        occurredAt: '2020-09-05',
      });
  });

  test('a year\'s receipts run 1, 2, 3 … without a gap, voided ones keeping their number', () => {
    const events = book(issue('d1'), issue('d2'), voidReceipt(2), issue('d3'), reissue(1, 12_000), issue('d4'));
    expect(numbers(events)).toEqual(['2020-000001', '2020-000002', '2020-000003', '2020-000004', '2020-000005']);
  });

  test('an anonymous donation\'s receipt is made out to nobody', () => {
    given().when({ ...issue('d1'), donorId: null } as ReceiptCommand).thenMatches({ data: { donorId: null } });
  });

  test('a donation has one live receipt: a second is refused, naming the law', () => {
    given(...book(issue('d1'))).when(issue('d1')).thenRefuses('donation-has-receipt', { field: 'donationId', source: ART.receipt });
  });

  test('a receipt dated in another year belongs to that year\'s book', () => {
    given(...book(issue('d1'))).when({ ...issue('d2', 10_000, '2021-01-02'), year: 2021 } as ReceiptCommand).thenRefuses('receipt-year');
  });
});

describe('a receipt is voided and reissued with a reason, never edited', () => {
  test('voiding keeps the receipt and its number, with the reason', () => {
    given(...book(issue('d1'), issue('d2')))
      .when(voidReceipt(2))
      .then({ type: 'charity.receipt.voided', data: { seq: 2, donationId: 'd2', reason: '金额开错', on: '2020-09-06', by: staff }, occurredAt: '2020-09-06' });
  });

  test('a reissue voids the old receipt and issues the next number, naming the one it replaces', () => {
    given(...book(issue('d1'), issue('d2')))
      .when(reissue(2, 12_000))
      .thenMatches(
        { type: 'charity.receipt.voided', data: { seq: 2, donationId: 'd2' } },
        { type: 'charity.receipt.issued', data: { seq: 3, number: '2020-000003', donationId: 'd2', amountFen: 12_000, replacesSeq: 2 } },
      );
  });

  test('a voided receipt is not replaced by issuing again: only a reissue with its reason replaces it', () => {
    given(...book(issue('d1'), voidReceipt(1))).when(issue('d1', 12_000)).thenRefuses('reissue-with-reason', { field: 'donationId' });
  });

  test('a receipt voided earlier is reissued under the next number, naming it and the reason', () => {
    given(...book(issue('d1'), issue('d2'), voidReceipt(2)))
      .when(reissue(2, 12_000))
      .then({
        type: 'charity.receipt.issued',
        data: { seq: 3, number: '2020-000003', donationId: 'd2', campaignId: ONE_DAY, amountFen: 12_000, donorId: 'donor-d2', replacesSeq: 2, reason: '金额开错', on: '2020-09-06', by: staff },
        occurredAt: '2020-09-06',
      });
  });

  test('a voided receipt that was already replaced is not reissued again', () => {
    given(...book(issue('d1'), reissue(1, 12_000))).when(reissue(1, 12_000)).thenRefuses('receipt-replaced', { field: 'seq' });
  });

  test('a reissue without a reason is refused', () => {
    given(...book(issue('d1'), voidReceipt(1))).when({ ...reissue(1, 12_000), reason: ' ' } as ReceiptCommand).thenRefuses('reason-required');
  });

  test('a void without a reason is refused', () => {
    given(...book(issue('d1'))).when(voidReceipt(1, '  ')).thenRefuses('reason-required');
  });

  test('a void receipt is not voided again', () => {
    given(...book(issue('d1'), voidReceipt(1))).when(voidReceipt(1)).thenRefuses('receipt-voided');
  });
});
