import { z } from 'zod';
import { defineEvent } from '../../registry';
import { By, EntriesSchema, FenAmount, Id, IsoDate, Purpose, Quantity, RecipientSchema, RestrictionSchema } from './common';
import { ValuationSchema } from './campaign';

// Stream `fund-<fundId>`: a fund's double-entry ledger (统计 → 分配 → 使用). Every event that moves money carries its
// transaction number `tx` and its lines, which sum to zero; nothing is edited, a mistake is reversed by a new transaction.

const tx = z.int().min(1);

export const fundOpened = defineEvent({
  type: 'charity.fund.opened',
  schemaVersion: 1,
  description: 'An organisation opened a fund (慈善基金): the ledger its campaigns pay into.',
  data: z.object({ fundId: Id, organisationId: Id, name: z.string().min(1).max(200), on: IsoDate, by: By }),
});

export const moneyCredited = defineEvent({
  type: 'charity.fund.money-credited',
  schemaVersion: 1,
  description: 'Money a campaign received was booked to the fund: to its unrestricted account, or to the restricted account of the donor\'s restriction.',
  data: z.object({ tx, donationId: Id, campaignId: Id, amountFen: FenAmount, restriction: RestrictionSchema.nullable(), entries: EntriesSchema, on: IsoDate, by: By }),
});

export const goodsReceived = defineEvent({
  type: 'charity.fund.goods-received',
  schemaVersion: 1,
  description: 'Goods a campaign received were booked into in-kind stock at their valuation; 定向 goods into the stock kept under the donor\'s restriction.',
  data: z.object({
    tx,
    donationId: Id,
    campaignId: Id,
    itemKey: z.string().min(1).max(100),
    quantity: Quantity,
    unit: z.string().min(1).max(20),
    valuationFen: FenAmount,
    valuation: ValuationSchema,
    /** 定向 goods: kept apart under the donor's restriction and issued only where it says. Absent or null: undirected. */
    restriction: RestrictionSchema.nullable().optional(),
    entries: EntriesSchema,
    on: IsoDate,
    by: By,
  }),
});

export const fundAllocated = defineEvent({
  type: 'charity.fund.allocated',
  schemaVersion: 1,
  description:
    'Money was allocated (分配) to a help project (its budget), a household (its aid history) or a purpose, from the unrestricted account or a restricted one whose restriction it meets.',
  data: z.object({
    tx,
    allocationId: Id,
    recipient: RecipientSchema,
    /** The recipient's region and the regions above it (from grid-records' region events), for restrictions by region. */
    regionPath: z.array(Id).max(10),
    purpose: Purpose,
    amountFen: FenAmount,
    /** The restricted account drawn on, or null for unrestricted money. */
    restriction: RestrictionSchema.nullable(),
    entries: EntriesSchema,
    on: IsoDate,
    by: By,
  }),
});

export const useRecorded = defineEvent({
  type: 'charity.fund.use-recorded',
  schemaVersion: 1,
  description: 'Allocated money was used (使用), with a reference to the evidence (invoice, signed receipt, acceptance report).',
  data: z.object({ tx, useId: Id, allocationId: Id, amountFen: FenAmount, evidenceRef: z.string().min(1).max(200), entries: EntriesSchema, on: IsoDate, by: By }),
});

export const managementCostCharged = defineEvent({
  type: 'charity.fund.management-cost-charged',
  schemaVersion: 1,
  description: 'A management cost (管理费用) was charged to the fund\'s unrestricted money.',
  data: z.object({ tx, costId: Id, amountFen: FenAmount, description: z.string().min(1).max(200), evidenceRef: z.string().min(1).max(200), entries: EntriesSchema, on: IsoDate, by: By }),
});

export const GoodsDestinationSchema = z.discriminatedUnion('kind', [
  /** 慈善超市: goods issued to be handed out at a charity supermarket. */
  z.strictObject({ kind: z.literal('charity-supermarket'), supermarketId: Id }),
  z.strictObject({ kind: z.literal('household'), householdId: Id }),
  z.strictObject({ kind: z.literal('project'), projectId: Id }),
]);

export const goodsIssued = defineEvent({
  type: 'charity.fund.goods-issued',
  schemaVersion: 1,
  description: 'Goods left in-kind stock: to a charity supermarket (慈善超市), a household or a help project, at their share of the stock\'s valuation.',
  data: z.object({
    tx,
    issueId: Id,
    itemKey: z.string().min(1).max(100),
    quantity: Quantity,
    valuationFen: FenAmount,
    to: GoodsDestinationSchema,
    evidenceRef: z.string().min(1).max(200),
    /** The restricted stock drawn on (定向 goods); absent or null: undirected stock. */
    restriction: RestrictionSchema.nullable().optional(),
    /** Where the goods went (the destination's region and those above it) and what for: what a restriction is checked against. */
    regionPath: z.array(Id).max(10).optional(),
    purpose: Purpose.optional(),
    entries: EntriesSchema,
    on: IsoDate,
    by: By,
  }),
});

export const transactionReversed = defineEvent({
  type: 'charity.fund.transaction-reversed',
  schemaVersion: 1,
  description: 'A transaction was reversed (冲销) by a new one with the opposite lines, naming the one it reverses and why.',
  data: z.object({ tx, reverses: tx, reason: z.string().min(1).max(500), entries: EntriesSchema, on: IsoDate, by: By }),
});

export const fundEvents = [fundOpened, moneyCredited, goodsReceived, fundAllocated, useRecorded, managementCostCharged, goodsIssued, transactionReversed];
