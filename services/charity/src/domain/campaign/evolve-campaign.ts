import { PersistentMap } from '@grid/platform/decider';
import type { Gift } from '@grid/contracts';
import type { CampaignEvent } from '../events';
import type { CampaignState } from './types';

/** Money received, or the valuation of goods. */
export const giftValueFen = (gift: Gift): number => (gift.kind === 'money' ? gift.amountFen : gift.items.reduce((sum, i) => sum + i.valuationFen, 0));

export function evolveCampaign(s: CampaignState, e: CampaignEvent): CampaignState {
  if (e.type === 'charity.campaign.launched') {
    const { campaignId, organisationId, public: isPublic, emergency, from, to, fundId } = e.data;
    return { campaignId, organisationId, public: isPublic, emergency, from, to, fundId, closedOn: null, receivedFen: 0, pledges: PersistentMap.empty(), donations: PersistentMap.empty(), disclosures: [], flagged: [] };
  }
  if (!s) return s;
  switch (e.type) {
    case 'charity.campaign.pledge-made':
      return { ...s, pledges: s.pledges.set(e.data.pledgeId, { donorId: e.data.donor.donorId, basis: e.data.basis, restriction: e.data.restriction, paidFen: 0, cancelled: false }) };
    case 'charity.campaign.pledge-cancelled': {
      const pledge = s.pledges.get(e.data.pledgeId)!;
      return { ...s, pledges: s.pledges.set(e.data.pledgeId, { ...pledge, cancelled: true }) };
    }
    case 'charity.campaign.donation-received': {
      const value = giftValueFen(e.data.gift);
      const pledge = e.data.pledgeId === null ? undefined : s.pledges.get(e.data.pledgeId);
      const pledges = pledge ? s.pledges.set(e.data.pledgeId!, { ...pledge, paidFen: pledge.paidFen + value }) : s.pledges;
      return { ...s, receivedFen: s.receivedFen + value, pledges, donations: s.donations.set(e.data.donationId, true) };
    }
    case 'charity.campaign.closed':
      return { ...s, closedOn: e.data.on };
    case 'charity.campaign.disclosure-published':
      return { ...s, disclosures: [...s.disclosures, { disclosureId: e.data.disclosureId, kind: e.data.kind, on: e.data.on }] };
    case 'charity.campaign.disclosure-overdue':
      return { ...s, flagged: [...s.flagged, `${e.data.kind}@${e.data.dueBy}`] };
  }
}
