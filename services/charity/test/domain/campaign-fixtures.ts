import type { DonorRef, Gift, Restriction } from '@grid/contracts';
import { historyOf } from '@grid/platform/decider';
import { campaignDecider } from '../../src/domain/campaign/decide-campaign';
import type { CampaignCommand } from '../../src/domain/campaign/types';
import type { CampaignEvent } from '../../src/domain/events';
import type { Qualification } from '../../src/domain/organisation/organisation';
import { FUND, givenOn, ORG, staff } from './fixtures';

type Cmd<T extends CampaignCommand['type']> = Extract<CampaignCommand, { type: T }>;

export const QUALIFIED: Qualification = { certificateRef: '公募证-冷民-2017-001', validFrom: '2017-06-01', validTo: null, revokedOn: null };

export const launch = (over: Partial<Cmd<'launch'>> = {}): Cmd<'launch'> => ({
  type: 'launch',
  campaignId: 'c-one-day-2020',
  organisationId: ORG,
  name: '2020年慈善一日捐',
  kind: 'one-day-donation',
  public: true,
  from: '2020-01-01',
  to: '2020-12-31',
  targetFen: 100_000_000,
  purpose: 'poverty-relief',
  emergency: false,
  fundId: FUND,
  qualification: QUALIFIED,
  on: '2020-01-01',
  by: staff,
  ...over,
});
export const named = (donorId: string): DonorRef => ({ donorId, unnamedInPublic: false });
export const money = (amountFen: number): Gift => ({ kind: 'money', amountFen, channel: 'bank-transfer' });
export const receive = (donationId: string, gift: Gift, over: Partial<Cmd<'receive'>> = {}): Cmd<'receive'> => ({
  type: 'receive',
  donationId,
  donor: named('donor-power-company'),
  gift,
  pledgeId: null,
  restriction: null as Restriction | null,
  on: '2020-06-01',
  by: staff,
  ...over,
});
export const disclose = (disclosureId: string, kind: Cmd<'publish-disclosure'>['kind'], on: string): Cmd<'publish-disclosure'> => ({
  type: 'publish-disclosure',
  disclosureId,
  kind,
  coversTo: on,
  reportRef: `公示-${disclosureId}`,
  on,
  by: staff,
});
export const flag = (on: string): CampaignCommand => ({ type: 'flag-overdue-disclosures', on, by: staff });

export const campaignOf = (...commands: CampaignCommand[]): CampaignEvent[] => historyOf(campaignDecider, commands);
export const given = givenOn(campaignDecider);
