import type { Actor, CampaignKind, DisclosureKind, DonorRef, Gift, Restriction } from '@grid/contracts';
import type { PersistentMap } from '@grid/platform/decider';
import type { IsoDate } from '../dates';
import type { CharityEventData } from '../events';
import type { Qualification } from '../organisation/organisation';

export type PledgeBasis = CharityEventData['charity.campaign.pledge-made']['basis'];

interface Step {
  on: IsoDate;
  by: Actor;
}

export type CampaignCommand =
  | (Step & {
      type: 'launch';
      campaignId: string;
      organisationId: string;
      name: string;
      kind: CampaignKind;
      public: boolean;
      from: IsoDate;
      to: IsoDate;
      targetFen: number | null;
      purpose: string;
      emergency: boolean;
      fundId: string;
      /** The organiser's qualification as the organisation stream holds it (the application reads it there). */
      qualification: Qualification | null;
    })
  | (Step & { type: 'pledge'; pledgeId: string; donor: DonorRef; basis: PledgeBasis; restriction: Restriction | null })
  | (Step & { type: 'cancel-pledge'; pledgeId: string; reason: string })
  | (Step & { type: 'receive'; donationId: string; donor: DonorRef; gift: Gift; pledgeId: string | null; restriction: Restriction | null })
  | (Step & { type: 'close' })
  | (Step & { type: 'publish-disclosure'; disclosureId: string; kind: DisclosureKind; coversTo: IsoDate; reportRef: string })
  /** Run by a daily job: records each disclosure the law requires that is past its last day. */
  | (Step & { type: 'flag-overdue-disclosures' });

export interface Pledge {
  donorId: string | null;
  basis: PledgeBasis;
  restriction: Restriction | null;
  paidFen: number;
  cancelled: boolean;
}

export interface Campaign {
  campaignId: string;
  organisationId: string;
  public: boolean;
  emergency: boolean;
  from: IsoDate;
  to: IsoDate;
  closedOn: IsoDate | null;
  fundId: string;
  receivedFen: number;
  pledges: PersistentMap<Pledge>;
  donations: PersistentMap<true>;
  disclosures: { disclosureId: string; kind: DisclosureKind; on: IsoDate }[];
  /** `<kind>@<dueBy>` of the overdue disclosures already recorded. */
  flagged: string[];
}
export type CampaignState = Campaign | null;
