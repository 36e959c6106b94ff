import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, Route, created, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { CharityServices } from '../composition';
import { CharityAccess } from './charity-access';
import { conflictsAs409 } from './conflicts';
import { READERS, SERVICES, STAFF } from './roles';
import { CampaignParams, CancelPledgeBody, DisclosureBody, DonationBody, DonationResultSchema, LaunchCampaignBody, PledgeBody, PledgeParams, WriteResultSchema } from './schemas';

const TAGS = ['charity'];
type P = z.infer<typeof CampaignParams>;

/** 募捐活动: launch, 款物接收 (with the receipt in the same request), 公示. */
@Controller('v1/campaigns')
export class CampaignsController {
  constructor(
    @Inject(SERVICES) private readonly services: CharityServices,
    @Inject(CharityAccess) private readonly access: CharityAccess,
  ) {}

  @Route({ method: 'POST', path: '', roles: STAFF, tags: TAGS, summary: { zh: '发起募捐活动', en: 'Launch a campaign' }, response: WriteResultSchema })
  async launch(@Body({ schema: LaunchCampaignBody }) body: z.infer<typeof LaunchCampaignBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.organisation(caller, body.organisationId);
    const result = await conflictsAs409(this.services.commands.launchCampaign(body, ctx));
    return created(result, { location: `/v1/campaigns/${result.id}`, revision: result.revision });
  }

  @Route({ method: 'GET', path: '', roles: READERS, tags: TAGS, summary: { zh: '募捐活动列表', en: 'The campaigns in scope' } })
  async list(@Caller() caller: Principal) {
    const all = await this.services.lookup.campaigns();
    const seen = await this.access.visible(caller, all.map((c) => c.organisationId));
    return ok({ items: all.filter((c) => seen.has(c.organisationId)) });
  }

  @Route({ method: 'GET', path: ':campaignId', roles: READERS, tags: TAGS, summary: { zh: '查看募捐活动', en: 'Read a campaign' } })
  async read(@Param({ schema: CampaignParams }) p: P, @Caller() caller: Principal) {
    return ok(await this.access.campaign(caller, p.campaignId));
  }

  @Route({
    method: 'POST',
    path: ':campaignId/donations',
    roles: STAFF,
    tags: TAGS,
    summary: { zh: '接收捐赠并开具捐赠票据', en: 'Receive a donation; its receipt is issued in the same request' },
    description: 'Money in fen or goods with quantity, unit and valuation. A person donor’s name is sealed at once (never stored in clear). Receipts are numbered per organisation and year without gaps.',
    response: DonationResultSchema,
  })
  async donate(@Param({ schema: CampaignParams }) p: P, @Body({ schema: DonationBody }) body: z.infer<typeof DonationBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.campaign(caller, p.campaignId);
    const result = await conflictsAs409(this.services.commands.donate(p.campaignId, body, ctx));
    return created(result, { location: `/v1/donations/${result.id}/receipt`, revision: result.revision });
  }

  @Route({ method: 'GET', path: ':campaignId/donations', roles: READERS, tags: TAGS, summary: { zh: '最近的捐赠', en: 'The latest donations (100)' } })
  async donations(@Param({ schema: CampaignParams }) p: P, @Caller() caller: Principal) {
    await this.access.campaign(caller, p.campaignId);
    const items = await this.services.lookup.recentDonations(p.campaignId, 100);
    return ok({ items: items.map(({ donationId, donor, kind, valueFen, restriction, on, receipt }) => ({ donationId, donor, kind, valueFen, restriction, on, receipt: receipt?.number ?? null })) });
  }

  @Route({
    method: 'POST',
    path: ':campaignId/pledges',
    roles: STAFF,
    tags: TAGS,
    summary: { zh: '认捐（含消费捐）', en: 'Record a pledge (a fixed sum, or 消费捐: a share of sales)' },
    description: 'A pledge is not income: it turns into receipts as donations that name it (`pledgeId`) are received, by its own donor, under its restriction, up to its sum or until its last day.',
    response: WriteResultSchema,
  })
  async pledge(@Param({ schema: CampaignParams }) p: P, @Body({ schema: PledgeBody }) body: z.infer<typeof PledgeBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.campaign(caller, p.campaignId);
    const result = await conflictsAs409(this.services.commands.pledge(p.campaignId, body, ctx));
    return created(result, { location: `/v1/campaigns/${p.campaignId}/pledges`, revision: result.revision });
  }

  @Route({ method: 'GET', path: ':campaignId/pledges', roles: READERS, tags: TAGS, summary: { zh: '认捐及兑现', en: 'The campaign’s pledges and what each has paid' } })
  async pledges(@Param({ schema: CampaignParams }) p: P, @Caller() caller: Principal) {
    const c = await this.access.campaign(caller, p.campaignId);
    return ok({ items: c.pledges ?? [] });
  }

  @Route({ method: 'POST', path: ':campaignId/pledges/:pledgeId/cancel', roles: STAFF, tags: TAGS, summary: { zh: '撤销认捐', en: 'Withdraw or write off a pledge' }, response: WriteResultSchema })
  async cancelPledge(@Param({ schema: PledgeParams }) p: z.infer<typeof PledgeParams>, @Body({ schema: CancelPledgeBody }) body: z.infer<typeof CancelPledgeBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.campaign(caller, p.campaignId);
    const result = await this.services.commands.campaignStep(p.campaignId, { type: 'cancel-pledge', pledgeId: p.pledgeId, ...body }, ctx);
    return created({ ...result, id: p.pledgeId }, { location: `/v1/campaigns/${p.campaignId}/pledges`, revision: result.revision });
  }

  @Route({ method: 'POST', path: ':campaignId/disclosures', roles: STAFF, tags: TAGS, summary: { zh: '发布公示', en: 'Publish a disclosure' }, response: WriteResultSchema })
  async disclose(@Param({ schema: CampaignParams }) p: P, @Body({ schema: DisclosureBody }) body: z.infer<typeof DisclosureBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.campaign(caller, p.campaignId);
    const disclosureId = `${body.kind}-${body.on}`;
    const result = await conflictsAs409(this.services.commands.campaignStep(p.campaignId, { type: 'publish-disclosure', disclosureId, ...body }, ctx));
    return created({ ...result, disclosureId }, { location: `/v1/campaigns/${p.campaignId}/disclosures`, revision: result.revision });
  }

  @Route({ method: 'GET', path: ':campaignId/disclosures', roles: READERS, tags: TAGS, summary: { zh: '公示记录', en: 'The campaign’s disclosures' } })
  async disclosures(@Param({ schema: CampaignParams }) p: P, @Caller() caller: Principal) {
    const c = await this.access.campaign(caller, p.campaignId);
    return ok({ items: c.disclosures, overdue: c.overdue });
  }
}
