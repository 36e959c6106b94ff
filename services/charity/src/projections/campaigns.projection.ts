import type { CharityEvent, DisclosureKind, DonorRef, Restriction, RuleRef } from '@grid/contracts';
import type { Projection } from '@grid/platform';
import { giftValueFen, type PledgeBasis } from '../domain';
import { CAMPAIGNS, DONATIONS } from './collections';

export type CampaignView = {
  campaignId: string;
  organisationId: string;
  name: string;
  kind: string;
  public: boolean;
  emergency: boolean;
  from: string;
  to: string;
  closedOn: string | null;
  fundId: string;
  purpose: string;
  targetFen: number | null;
  donations: number;
  moneyFen: number;
  goodsValueFen: number;
  disclosures: { disclosureId: string; kind: DisclosureKind; coversTo: string; reportRef: string; on: string }[];
  /** Disclosures recorded as overdue (`charity.campaign.disclosure-overdue`). */
  overdue: { kind: DisclosureKind; dueBy: string; rule: RuleRef; on: string }[];
  /** 认捐 and 消费捐: what each pledged and what the donations naming it have paid (absent before the first pledge). */
  pledges?: PledgeView[];
};
export type PledgeView = { pledgeId: string; donor: DonorRef; basis: PledgeBasis; restriction: Restriction | null; on: string; paidFen: number; donations: number; cancelled: boolean };

export type ReceiptRef = { seq: number; number: string; organisationId: string; year: number; amountFen: number; on: string };
export type DonationView = {
  donationId: string;
  campaignId: string | null;
  organisationId: string | null;
  fundId: string | null;
  donor: DonorRef | null;
  kind: 'money' | 'in-kind' | null;
  valueFen: number;
  restriction: Restriction | null;
  on: string | null;
  /** The live receipt, null before it is issued or after a void without reissue. */
  receipt: ReceiptRef | null;
  voidedReceipts: (ReceiptRef & { reason: string; voidedOn: string })[];
  /** Its lines are in the fund (money credited or goods taken into stock). */
  booked: boolean;
};

const campaignId = (streamId: string) => streamId.slice('campaign-'.length);
/** `receipts-<organisationId>-<year>`: the organisation id may itself hold dashes. */
const bookOf = (streamId: string) => ({ organisationId: streamId.slice('receipts-'.length, -5), year: Number(streamId.slice(-4)) });

const emptyDonation = (donationId: string): DonationView => ({ donationId, campaignId: null, organisationId: null, fundId: null, donor: null, kind: null, valueFen: 0, restriction: null, on: null, receipt: null, voidedReceipts: [], booked: false });

/** Campaigns with their running totals and disclosures, and one document per donation with its receipt and booking. */
export const campaignsProjection: Projection<CharityEvent> = {
  name: 'charity.campaigns',
  collections: [CAMPAIGNS, DONATIONS],
  handles: [
    'charity.campaign.launched',
    'charity.campaign.pledge-made',
    'charity.campaign.pledge-cancelled',
    'charity.campaign.donation-received',
    'charity.campaign.closed',
    'charity.campaign.disclosure-published',
    'charity.campaign.disclosure-overdue',
    'charity.receipt.issued',
    'charity.receipt.voided',
    'charity.fund.money-credited',
    'charity.fund.goods-received',
  ],
  indexes: [{ collection: DONATIONS, spec: { fields: ['campaignId'] } }],
  async apply(e, ctx) {
    const campaign = (f: (c: CampaignView) => CampaignView) => ctx.update<CampaignView>(CAMPAIGNS, campaignId(e.streamId), (c) => c && f(c));
    switch (e.type) {
      case 'charity.campaign.launched': {
        const d = e.data;
        return ctx.update<CampaignView>(CAMPAIGNS, d.campaignId, () => ({
          campaignId: d.campaignId,
          organisationId: d.organisationId,
          name: d.name,
          kind: d.kind,
          public: d.public,
          emergency: d.emergency,
          from: d.from,
          to: d.to,
          closedOn: null,
          fundId: d.fundId,
          purpose: d.purpose,
          targetFen: d.targetFen,
          donations: 0,
          moneyFen: 0,
          goodsValueFen: 0,
          disclosures: [],
          overdue: [],
        }));
      }
      case 'charity.campaign.pledge-made': {
        const { pledgeId, donor, basis, restriction, on } = e.data;
        return campaign((c) => ({ ...c, pledges: [...(c.pledges ?? []), { pledgeId, donor, basis, restriction, on, paidFen: 0, donations: 0, cancelled: false }] }));
      }
      case 'charity.campaign.pledge-cancelled':
        return campaign((c) => ({ ...c, pledges: (c.pledges ?? []).map((x) => (x.pledgeId === e.data.pledgeId ? { ...x, cancelled: true } : x)) }));
      case 'charity.campaign.donation-received': {
        const d = e.data;
        const value = giftValueFen(d.gift);
        const c = await ctx.get<CampaignView>(CAMPAIGNS, campaignId(e.streamId));
        const paid = (pledges: PledgeView[] | undefined) => pledges?.map((x) => (x.pledgeId === d.pledgeId ? { ...x, paidFen: x.paidFen + value, donations: x.donations + 1 } : x));
        await campaign((x) => ({
          ...x,
          donations: x.donations + 1,
          moneyFen: x.moneyFen + (d.gift.kind === 'money' ? value : 0),
          goodsValueFen: x.goodsValueFen + (d.gift.kind === 'in-kind' ? value : 0),
          ...(d.pledgeId !== null && x.pledges ? { pledges: paid(x.pledges) } : {}),
        }));
        return ctx.update<DonationView>(DONATIONS, d.donationId, (x) => ({
          ...(x ?? emptyDonation(d.donationId)),
          campaignId: campaignId(e.streamId),
          organisationId: c?.organisationId ?? null,
          fundId: c?.fundId ?? null,
          donor: d.donor,
          kind: d.gift.kind,
          valueFen: value,
          restriction: d.restriction,
          on: d.on,
        }));
      }
      case 'charity.campaign.closed':
        return campaign((c) => ({ ...c, closedOn: e.data.on }));
      case 'charity.campaign.disclosure-published': {
        const { disclosureId, kind, coversTo, reportRef, on } = e.data;
        return campaign((c) => ({ ...c, disclosures: [...c.disclosures, { disclosureId, kind, coversTo, reportRef, on }] }));
      }
      case 'charity.campaign.disclosure-overdue': {
        const { kind, dueBy, rule, on } = e.data;
        return campaign((c) => ({ ...c, overdue: [...c.overdue, { kind, dueBy, rule, on }] }));
      }
      case 'charity.receipt.issued': {
        const d = e.data;
        const receipt: ReceiptRef = { seq: d.seq, number: d.number, ...bookOf(e.streamId), amountFen: d.amountFen, on: d.on };
        return ctx.update<DonationView>(DONATIONS, d.donationId, (x) => ({ ...(x ?? emptyDonation(d.donationId)), receipt }));
      }
      case 'charity.receipt.voided': {
        const d = e.data;
        return ctx.update<DonationView>(DONATIONS, d.donationId, (x) => {
          const current = x ?? emptyDonation(d.donationId);
          const live = current.receipt;
          if (!live || live.seq !== d.seq) return current;
          return { ...current, receipt: null, voidedReceipts: [...current.voidedReceipts, { ...live, reason: d.reason, voidedOn: d.on }] };
        });
      }
      case 'charity.fund.money-credited':
      case 'charity.fund.goods-received':
        return ctx.update<DonationView>(DONATIONS, e.data.donationId, (x) => ({ ...(x ?? emptyDonation(e.data.donationId)), booked: true }));
    }
  },
};
