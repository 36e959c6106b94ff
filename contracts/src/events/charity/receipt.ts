import { z } from 'zod';
import { defineEvent } from '../../registry';
import { By, FenAmount, Id, IsoDate } from './common';

// Stream `receipts-<organisationId>-<year>`: an organisation's book of donation receipts (捐赠票据) for one year.
// Its decider hands out the numbers, so they run without gaps however many donations arrive at once.

export const receiptIssued = defineEvent({
  type: 'charity.receipt.issued',
  schemaVersion: 1,
  description: 'A donation receipt (捐赠票据) was issued with the next number of the organisation\'s year; a reissue names the receipt it replaces and why.',
  data: z.object({
    /** 1, 2, 3 … within the organisation and year, never skipped, never reused. */
    seq: z.int().min(1),
    /** `<year>-<seq, 6 digits>`, e.g. `2020-000042`. */
    number: z.string().regex(/^\d{4}-\d{6,}$/),
    donationId: Id,
    campaignId: Id,
    /** Money received, or the valuation of goods. */
    amountFen: FenAmount,
    /** Null for an anonymous donor: the receipt is made out to 匿名. */
    donorId: Id.nullable(),
    replacesSeq: z.int().min(1).nullable(),
    /** Why a reissue replaces the receipt it names (absent on a first receipt). */
    reason: z.string().min(1).max(500).optional(),
    on: IsoDate,
    by: By,
  }),
});

export const receiptVoided = defineEvent({
  type: 'charity.receipt.voided',
  schemaVersion: 1,
  description: 'A receipt was voided (作废) with a reason; it keeps its number, is never edited, and a corrected one is issued under a new number.',
  data: z.object({ seq: z.int().min(1), donationId: Id, reason: z.string().min(1).max(500), on: IsoDate, by: By }),
});

export const receiptEvents = [receiptIssued, receiptVoided];
