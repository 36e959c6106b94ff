import { Controller, Inject, Param } from '@nestjs/common';
import { Route, notFound, ok } from '@grid/platform/http';
import type { z } from 'zod';
import { balancesOf, publicDonorLabel } from '../application/reports';
import type { CharityServices } from '../composition';
import { SERVICES } from './roles';
import { CampaignParams, FundParams } from './schemas';

const TAGS = ['public'];

/**
 * 公示 pages, without a token: totals, allocations and uses; donors masked or anonymous as they chose. No household id,
 * person id, name in clear, ID number or phone: households appear only as counts and sums.
 */
@Controller('v1/public')
export class PublicCharityController {
  constructor(@Inject(SERVICES) private readonly services: CharityServices) {}

  @Route({ method: 'GET', path: 'campaigns/:campaignId', public: true, tags: TAGS, summary: { zh: '募捐活动公示（公开）', en: 'A public campaign’s disclosure page' } })
  async campaign(@Param({ schema: CampaignParams }) p: z.infer<typeof CampaignParams>) {
    const c = await this.services.lookup.campaign(p.campaignId);
    if (!c || !c.public) throw notFound();
    const organisation = await this.services.lookup.organisation(c.organisationId);
    const recent = await this.services.lookup.recentDonations(c.campaignId, 20);
    const donors = await Promise.all(recent.map(async (d) => ({ donor: await publicDonorLabel(d.donor, this.services.lookup, this.services.vault), kind: d.kind, valueFen: d.valueFen, on: d.on })));
    return ok({
      campaignId: c.campaignId,
      name: c.name,
      kind: c.kind,
      organisation: organisation?.name ?? null,
      certificate: organisation?.qualification?.certificateRef ?? null,
      from: c.from,
      to: c.to,
      closedOn: c.closedOn,
      purpose: c.purpose,
      targetFen: c.targetFen,
      emergency: c.emergency,
      totals: { donations: c.donations, moneyFen: c.moneyFen, goodsValueFen: c.goodsValueFen },
      latestDonations: donors,
      fundId: c.fundId,
      disclosures: c.disclosures.map(({ kind, coversTo, reportRef, on }) => ({ kind, coversTo, reportRef, on })),
    });
  }

  @Route({ method: 'GET', path: 'funds/:fundId', public: true, tags: TAGS, summary: { zh: '慈善基金公示（公开）', en: 'A fund’s disclosure page' } })
  async fund(@Param({ schema: FundParams }) p: z.infer<typeof FundParams>) {
    const f = await this.services.lookup.fund(p.fundId);
    if (!f) throw notFound();
    const organisation = await this.services.lookup.organisation(f.organisationId);
    const live = (await this.services.lookup.allocationsOf(f.fundId)).filter((a) => !a.reversed);
    const sum = (xs: { amountFen: number; usedFen: number }[]) => ({ count: xs.length, amountFen: xs.reduce((s, a) => s + a.amountFen, 0), usedFen: xs.reduce((s, a) => s + a.usedFen, 0) });
    const households = live.filter((a) => a.recipient.kind === 'household');
    const projects = live.filter((a) => a.recipient.kind === 'project');
    const purposes = live.filter((a) => a.recipient.kind === 'purpose');
    return ok({
      fundId: f.fundId,
      name: f.name,
      organisation: organisation?.name ?? null,
      balances: balancesOf(f),
      stock: f.stock,
      allocations: {
        households: sum(households),
        projects: projects.map((a) => ({ projectId: a.recipient.kind === 'project' ? a.recipient.projectId : '', purpose: a.purpose, amountFen: a.amountFen, usedFen: a.usedFen, on: a.on, restricted: a.restriction !== null })),
        purposes: purposes.map((a) => ({ purpose: a.purpose, amountFen: a.amountFen, usedFen: a.usedFen, on: a.on, restricted: a.restriction !== null })),
      },
    });
  }
}
