import { refused, type Decider } from '@grid/platform/decider';
import type { Restriction } from '@grid/contracts';
import { disclosuresOwed } from '../disclosure/clocks';
import { evt, type CampaignEvent } from '../events';
import { qualifiedOn } from '../organisation/organisation';
import { ART } from '../rules/articles';
import { restrictionKey } from '../fund/accounts';
import { evolveCampaign, giftValueFen } from './evolve-campaign';
import type { Campaign, CampaignCommand, CampaignState } from './types';

type Cmd<T extends CampaignCommand['type']> = Extract<CampaignCommand, { type: T }>;

function launched(s: CampaignState): Campaign {
  if (!s) throw refused('no-campaign', 'no campaign with this id has been launched');
  return s;
}

const endOf = (s: Campaign) => (s.closedOn !== null && s.closedOn < s.to ? s.closedOn : s.to);

/** 组织发动: a public campaign (公开募捐) needs the organiser's qualification in force on its first day and today. */
function launch(cmd: Cmd<'launch'>, s: CampaignState): CampaignEvent[] {
  if (s) throw refused('campaign-exists', `campaign ${s.campaignId} is already launched`);
  if (cmd.to < cmd.from) throw refused('period-reversed', 'a campaign ends on or after its first day', { field: 'to' });
  const q = cmd.qualification;
  if (cmd.public && !(qualifiedOn(q, cmd.from) && qualifiedOn(q, cmd.on))) {
    throw refused('public-fundraising-unqualified', `${cmd.organisationId} holds no public-fundraising qualification in force`, { source: ART.publicFundraising, field: 'public' });
  }
  const { type: _type, qualification: _q, ...data } = cmd;
  return [evt('charity.campaign.launched', { ...data, certificateRef: cmd.public ? q!.certificateRef : null }, cmd.on)];
}

function open(s: Campaign, on: string): void {
  if (on < s.from) throw refused('campaign-not-started', `the campaign runs from ${s.from}`, { field: 'on' });
  if (on > endOf(s)) throw refused('campaign-ended', `the campaign ended on ${endOf(s)}`, { field: 'on' });
}

const sameRestriction = (a: Restriction | null, b: Restriction | null) => (a && restrictionKey(a)) === (b && restrictionKey(b));

function pledge(cmd: Cmd<'pledge'>, s: Campaign): CampaignEvent[] {
  open(s, cmd.on);
  if (s.pledges.has(cmd.pledgeId)) throw refused('pledge-exists', `pledge ${cmd.pledgeId} is already recorded`, { field: 'pledgeId' });
  if (cmd.basis.kind === 'sales-share' && cmd.donor.donorId === null) throw refused('sales-share-named', 'a 消费捐 pledge is made by a named business', { field: 'donor' });
  const { type: _type, ...data } = cmd;
  return [evt('charity.campaign.pledge-made', data, cmd.on)];
}

/** 款物接收: within the campaign's period; a pledge is paid by its own donor, under its restriction, until it is paid in full. */
function receive(cmd: Cmd<'receive'>, s: Campaign): CampaignEvent[] {
  open(s, cmd.on);
  if (s.donations.has(cmd.donationId)) throw refused('donation-exists', `donation ${cmd.donationId} is already received`, { field: 'donationId' });
  if (cmd.pledgeId !== null) {
    const p = s.pledges.get(cmd.pledgeId);
    if (!p || p.cancelled) throw refused('no-open-pledge', `no open pledge ${cmd.pledgeId}`, { field: 'pledgeId' });
    if (p.donorId !== cmd.donor.donorId) throw refused('pledge-donor', `pledge ${cmd.pledgeId} was made by another donor`, { field: 'donor' });
    if (!sameRestriction(p.restriction, cmd.restriction)) throw refused('pledge-restriction', 'a pledge is paid under the restriction it was made with', { field: 'restriction', source: ART.directed });
    if (p.basis.kind === 'fixed' && p.paidFen + giftValueFen(cmd.gift) > p.basis.amountFen) {
      throw refused('pledge-overpaid', `pledge ${cmd.pledgeId} is for ${p.basis.amountFen} fen, ${p.paidFen} fen paid`, { field: 'gift' });
    }
    if (p.basis.kind === 'sales-share' && cmd.on > p.basis.until) throw refused('pledge-expired', `the 消费捐 pledge ran until ${p.basis.until}`, { field: 'on' });
  }
  const { type: _type, ...data } = cmd;
  return [evt('charity.campaign.donation-received', data, cmd.on)];
}

function publishDisclosure(cmd: Cmd<'publish-disclosure'>, s: Campaign): CampaignEvent[] {
  if (s.disclosures.some((d) => d.disclosureId === cmd.disclosureId)) throw refused('disclosure-exists', `disclosure ${cmd.disclosureId} is already published`, { field: 'disclosureId' });
  if (cmd.coversTo > cmd.on) throw refused('covers-future', 'a disclosure covers up to its own day at most', { field: 'coversTo' });
  if (cmd.kind === 'final' && cmd.on < endOf(s)) throw refused('final-before-end', `the final disclosure comes after the campaign ends on ${endOf(s)}`, { field: 'kind' });
  const { type: _type, ...data } = cmd;
  return [evt('charity.campaign.disclosure-published', data, cmd.on)];
}

function flagOverdue(cmd: Cmd<'flag-overdue-disclosures'>, s: Campaign): CampaignEvent[] {
  const owed = disclosuresOwed({ public: s.public, emergency: s.emergency, from: s.from, end: endOf(s), disclosures: s.disclosures }, cmd.on);
  return owed
    .filter((o) => o.overdue && !s.flagged.includes(`${o.kind}@${o.dueBy}`))
    .map((o) => evt('charity.campaign.disclosure-overdue', { kind: o.kind, dueBy: o.dueBy, rule: o.rule, on: cmd.on, by: cmd.by }, cmd.on));
}

export function decideCampaign(cmd: CampaignCommand, state: CampaignState): CampaignEvent[] {
  if (cmd.type === 'launch') return launch(cmd, state);
  const s = launched(state);
  switch (cmd.type) {
    case 'pledge':
      return pledge(cmd, s);
    case 'cancel-pledge': {
      const p = s.pledges.get(cmd.pledgeId);
      if (!p || p.cancelled) throw refused('no-open-pledge', `no open pledge ${cmd.pledgeId}`, { field: 'pledgeId' });
      return [evt('charity.campaign.pledge-cancelled', { pledgeId: cmd.pledgeId, reason: cmd.reason, on: cmd.on, by: cmd.by }, cmd.on)];
    }
    case 'receive':
      return receive(cmd, s);
    case 'close':
      if (s.closedOn !== null) return [];
      if (cmd.on < s.from) throw refused('campaign-not-started', `the campaign runs from ${s.from}`, { field: 'on' });
      return [evt('charity.campaign.closed', { on: cmd.on, by: cmd.by }, cmd.on)];
    case 'publish-disclosure':
      return publishDisclosure(cmd, s);
    case 'flag-overdue-disclosures':
      return flagOverdue(cmd, s);
  }
}

/** Stream `campaign-<campaignId>`. */
export const campaignDecider: Decider<CampaignCommand, CampaignEvent, CampaignState> = { initialState: null, decide: decideCampaign, evolve: evolveCampaign };
