import { z } from 'zod';
import { defineEvent } from '../../registry';
import { By, DonorRefSchema, FenAmount, Id, IsoDate, Purpose, Quantity, RestrictionSchema, RuleRefSchema } from './common';
import { ShareSchema } from '../elections/common';

// Stream `campaign-<campaignId>`: one campaign (组织发动 → 款物接收), its pledges, donations and disclosures (公示).

/** 慈善一日捐, 99公益日, 消费捐, 拍卖, 公益毅行 (seeds 002, 003), an emergency appeal, or another kind. */
export const CampaignKindSchema = z.enum(['one-day-donation', 'giving-day-99', 'consumption-linked', 'auction', 'charity-walk', 'emergency-appeal', 'other']);
export type CampaignKind = z.infer<typeof CampaignKindSchema>;

export const campaignLaunched = defineEvent({
  type: 'charity.campaign.launched',
  schemaVersion: 1,
  description: 'An organisation launched a campaign: kind, public or to specific donors, period, target, purpose, emergency flag, and the fund receiving it.',
  data: z.object({
    campaignId: Id,
    organisationId: Id,
    name: z.string().min(1).max(200),
    kind: CampaignKindSchema,
    /** 公开募捐 (needs the qualification) or 定向募捐 to specific donors. */
    public: z.boolean(),
    /** The qualification certificate a public campaign runs under. */
    certificateRef: z.string().min(1).max(100).nullable(),
    from: IsoDate,
    to: IsoDate,
    targetFen: FenAmount.nullable(),
    purpose: Purpose,
    /** For a major emergency (重大突发事件): receipts disclosed at least every 5 days during the response. */
    emergency: z.boolean(),
    fundId: Id,
    on: IsoDate,
    by: By,
  }),
});

export const pledgeMade = defineEvent({
  type: 'charity.campaign.pledge-made',
  schemaVersion: 1,
  description: 'A donor pledged a gift (认捐): a fixed sum, or a share of sales (消费捐) whose amount is known only when it is paid.',
  data: z.object({
    pledgeId: Id,
    donor: DonorRefSchema,
    basis: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('fixed'), amountFen: FenAmount }),
      z.strictObject({ kind: z.literal('sales-share'), share: ShareSchema, products: z.string().min(1).max(200), until: IsoDate }),
    ]),
    restriction: RestrictionSchema.nullable(),
    on: IsoDate,
    by: By,
  }),
});

export const pledgeCancelled = defineEvent({
  type: 'charity.campaign.pledge-cancelled',
  schemaVersion: 1,
  description: 'A pledge was withdrawn or written off; what it already paid stays received.',
  data: z.object({ pledgeId: Id, reason: z.string().min(1).max(500), on: IsoDate, by: By }),
});

/** Goods given in kind, with who put a value on them (捐赠人提供的发票, 评估机构, 市场价). */
export const InKindItemSchema = z.strictObject({
  itemKey: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).max(100),
  description: z.string().min(1).max(200),
  quantity: Quantity,
  unit: z.string().min(1).max(20),
  valuationFen: FenAmount,
});
export const ValuationSchema = z.strictObject({ method: z.enum(['donor-invoice', 'appraisal', 'market-price']), valuedBy: z.string().min(1).max(200), ref: z.string().min(1).max(200) });

export const GiftSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('money'), amountFen: FenAmount, channel: z.enum(['cash', 'bank-transfer', 'online-platform', 'payroll']) }),
  z.strictObject({ kind: z.literal('in-kind'), items: z.array(InKindItemSchema).min(1).max(200), valuation: ValuationSchema }),
]);
export type Gift = z.infer<typeof GiftSchema>;

export const donationReceived = defineEvent({
  type: 'charity.campaign.donation-received',
  schemaVersion: 1,
  description: 'A donation was received (款物接收): money in fen or goods with quantity, unit and valuation; possibly paying a pledge; possibly directed (定向).',
  data: z.object({
    donationId: Id,
    donor: DonorRefSchema,
    gift: GiftSchema,
    pledgeId: Id.nullable(),
    restriction: RestrictionSchema.nullable(),
    on: IsoDate,
    by: By,
  }),
});

export const campaignClosed = defineEvent({
  type: 'charity.campaign.closed',
  schemaVersion: 1,
  description: 'The campaign stopped taking donations; its final disclosure falls due.',
  data: z.object({ on: IsoDate, by: By }),
});

export const DisclosureKindSchema = z.enum(['periodic', 'final', 'emergency-receipts']);
export type DisclosureKind = z.infer<typeof DisclosureKindSchema>;

export const disclosurePublished = defineEvent({
  type: 'charity.campaign.disclosure-published',
  schemaVersion: 1,
  description: 'A disclosure (公示) of the campaign was published: what it covers up to, and where.',
  data: z.object({ disclosureId: Id, kind: DisclosureKindSchema, coversTo: IsoDate, reportRef: z.string().min(1).max(200), on: IsoDate, by: By }),
});

export const disclosureOverdue = defineEvent({
  type: 'charity.campaign.disclosure-overdue',
  schemaVersion: 1,
  description: 'A disclosure the Charity Law requires was not published by its due date.',
  data: z.object({ kind: DisclosureKindSchema, dueBy: IsoDate, rule: RuleRefSchema, on: IsoDate, by: By }),
});

export const campaignEvents = [campaignLaunched, pledgeMade, pledgeCancelled, donationReceived, campaignClosed, disclosurePublished, disclosureOverdue];
