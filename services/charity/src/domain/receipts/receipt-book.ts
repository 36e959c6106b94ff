import { PersistentMap, refused, type Decider } from '@grid/platform/decider';
import type { Actor } from '@grid/contracts';
import { yearOf, type IsoDate } from '../dates';
import { evt, type ReceiptEvent } from '../events';
import { ART } from '../rules/articles';

interface Step {
  on: IsoDate;
  by: Actor;
}
interface ReceiptFor {
  donationId: string;
  campaignId: string;
  amountFen: number;
  donorId: string | null;
}

export type ReceiptCommand =
  | (Step & ReceiptFor & { type: 'issue-receipt'; organisationId: string; year: number })
  | (Step & { type: 'void-receipt'; seq: number; reason: string })
  /** Issue again under the next number, with what was wrong corrected: voiding the receipt first if it is still live. */
  | (Step & { type: 'reissue-receipt'; seq: number; reason: string; amountFen: number; donorId: string | null });

interface Receipt extends ReceiptFor {
  voided: boolean;
}

/** Stream `receipts-<organisationId>-<year>`: the numbers handed out so far and which receipt is live per donation. */
export interface ReceiptBook {
  /** The book's year, from its first receipt. */
  year: number | null;
  lastSeq: number;
  receipts: PersistentMap<Receipt>;
  /** donationId → the seq of its live receipt. */
  live: PersistentMap<number>;
  /** donationId → the seq of its latest receipt, live or void: a voided one is replaced only by a reissue. */
  latest: PersistentMap<number>;
}
export type ReceiptBookState = ReceiptBook;

export const receiptNumber = (year: number, seq: number): string => `${year}-${String(seq).padStart(6, '0')}`;

function issued(s: ReceiptBook, year: number, r: ReceiptFor, replaces: { seq: number; reason: string } | null, on: IsoDate, by: Actor): ReceiptEvent {
  const seq = s.lastSeq + 1;
  const reissue = replaces ? { replacesSeq: replaces.seq, reason: replaces.reason } : { replacesSeq: null };
  return evt('charity.receipt.issued', { seq, number: receiptNumber(year, seq), ...r, ...reissue, on, by }, on);
}

function reasonGiven(reason: string, what: string): void {
  if (reason.trim() === '') throw refused('reason-required', `a receipt is ${what} with a reason`, { field: 'reason' });
}

function liveReceipt(s: ReceiptBook, seq: number): Receipt {
  const r = s.receipts.get(String(seq));
  if (!r) throw refused('no-receipt', `no receipt ${seq} in this book`, { field: 'seq' });
  if (r.voided) throw refused('receipt-voided', `receipt ${seq} is already void`, { field: 'seq' });
  return r;
}

function decide(cmd: ReceiptCommand, s: ReceiptBook): ReceiptEvent[] {
  const year = yearOf(cmd.on);
  switch (cmd.type) {
    case 'issue-receipt': {
      if (cmd.year !== year || (s.year !== null && s.year !== year)) throw refused('receipt-year', `a receipt dated ${cmd.on} is numbered in the ${year} book, not ${cmd.year}`, { field: 'on' });
      if (s.live.has(cmd.donationId)) throw refused('donation-has-receipt', `donation ${cmd.donationId} has receipt ${s.live.get(cmd.donationId)}; void and reissue it`, { field: 'donationId', source: ART.receipt });
      if (s.latest.has(cmd.donationId)) throw refused('reissue-with-reason', `receipt ${s.latest.get(cmd.donationId)} of donation ${cmd.donationId} was voided; only a reissue with its reason replaces it`, { field: 'donationId', source: ART.receipt });
      if (!Number.isSafeInteger(cmd.amountFen) || cmd.amountFen <= 0) throw refused('amount-positive', 'a receipt is for a positive amount of fen', { field: 'amountFen' });
      const { donationId, campaignId, amountFen, donorId, on, by } = cmd;
      return [issued(s, year, { donationId, campaignId, amountFen, donorId }, null, on, by)];
    }
    case 'void-receipt': {
      const r = liveReceipt(s, cmd.seq);
      reasonGiven(cmd.reason, 'voided');
      return [evt('charity.receipt.voided', { seq: cmd.seq, donationId: r.donationId, reason: cmd.reason, on: cmd.on, by: cmd.by }, cmd.on)];
    }
    case 'reissue-receipt': {
      const r = s.receipts.get(String(cmd.seq));
      if (!r) throw refused('no-receipt', `no receipt ${cmd.seq} in this book`, { field: 'seq' });
      if (r.voided && s.latest.get(r.donationId) !== cmd.seq) throw refused('receipt-replaced', `receipt ${cmd.seq} was replaced by ${s.latest.get(r.donationId)}`, { field: 'seq' });
      // A live receipt is voided in the same decision; one voided earlier is only replaced.
      const voided = r.voided ? [] : decide({ type: 'void-receipt', seq: cmd.seq, reason: cmd.reason, on: cmd.on, by: cmd.by }, s);
      reasonGiven(cmd.reason, 'reissued');
      if (year !== s.year) throw refused('receipt-year', `the ${s.year} book reissues within ${s.year}; void it and issue in the ${year} book`, { field: 'on' });
      if (!Number.isSafeInteger(cmd.amountFen) || cmd.amountFen <= 0) throw refused('amount-positive', 'a receipt is for a positive amount of fen', { field: 'amountFen' });
      const replaces = { seq: cmd.seq, reason: cmd.reason };
      return [...voided, issued(s, year, { donationId: r.donationId, campaignId: r.campaignId, amountFen: cmd.amountFen, donorId: cmd.donorId }, replaces, cmd.on, cmd.by)];
    }
  }
}

function evolve(s: ReceiptBook, e: ReceiptEvent): ReceiptBook {
  switch (e.type) {
    case 'charity.receipt.issued': {
      const { seq, donationId, campaignId, amountFen, donorId } = e.data;
      const receipts = s.receipts.set(String(seq), { donationId, campaignId, amountFen, donorId, voided: false });
      return { year: Number(e.data.number.slice(0, 4)), lastSeq: seq, receipts, live: s.live.set(donationId, seq), latest: s.latest.set(donationId, seq) };
    }
    case 'charity.receipt.voided': {
      const r = s.receipts.get(String(e.data.seq))!;
      return { ...s, receipts: s.receipts.set(String(e.data.seq), { ...r, voided: true }), live: s.live.delete(e.data.donationId) };
    }
  }
}

/** One organisation-year's receipt book: the only writer of its numbers, so they run 1, 2, 3 … without gaps. */
export const receiptBookDecider: Decider<ReceiptCommand, ReceiptEvent, ReceiptBook> = {
  initialState: { year: null, lastSeq: 0, receipts: PersistentMap.empty(), live: PersistentMap.empty(), latest: PersistentMap.empty() },
  decide,
  evolve,
};
