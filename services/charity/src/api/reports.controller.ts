import { Body, Controller, Inject, Param, Query } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, RegionScope, Route, notFound, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import { recordOverdueDisclosures } from '../application/overdue-disclosures';
import { overdueOf, tracedAllocations, tracedGoods } from '../application/reports';
import type { CharityServices } from '../composition';
import type { AllocationView } from '../projections/ledger.projection';
import { CharityAccess } from './charity-access';
import { FLAGGERS, READERS, SERVICES } from './roles';
import { FlagOverdueBody, HouseholdParams, OnQuery, ProjectParams } from './schemas';

const TAGS = ['charity'];
const FUNGIBLE =
  'Money is fungible inside an unrestricted fund: it traces to the allocation and no further. 定向 money traces to the donations credited under its restriction (pooled with others under the same restriction); 定向 goods to the donations of that item under their restriction.';

/** Supervision reads: overdue disclosures, and which donations reached a household or a project. */
@Controller('v1')
export class ReportsController {
  constructor(
    @Inject(SERVICES) private readonly services: CharityServices,
    @Inject(RegionScope) private readonly scope: RegionScope,
    @Inject(CharityAccess) private readonly access: CharityAccess,
  ) {}

  @Route({
    method: 'GET',
    path: 'disclosures/overdue',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '逾期未公示', en: 'Disclosures past their last day' },
    description: 'Per campaign in scope, each disclosure the Charity Law requires (every 3 months while a public campaign runs over 6 months, within 3 months of its end, every 5 days in an emergency) that is past due on `on`; `recorded` says whether the overdue event was raised.',
  })
  async overdue(@Query({ schema: OnQuery }) q: z.infer<typeof OnQuery>, @Caller() caller: Principal) {
    const at = q.on ?? this.services.clock.today();
    const campaigns = await this.services.lookup.campaigns();
    const seen = await this.access.visible(caller, campaigns.map((c) => c.organisationId));
    return ok({ on: at, items: campaigns.filter((c) => seen.has(c.organisationId)).flatMap((c) => overdueOf(c, at)) });
  }

  @Route({
    method: 'POST',
    path: 'disclosures/overdue',
    roles: FLAGGERS,
    tags: TAGS,
    status: 200,
    summary: { zh: '记录逾期未公示', en: 'Record the overdue disclosures (raise their events)' },
    description: 'Runs the disclosure clocks of every campaign in scope as of `on` and records each disclosure past its last day once (`charity.campaign.disclosure-overdue`); a daily job or an official calls it. Answers the overdue list.',
  })
  async flag(@Body({ schema: FlagOverdueBody }) body: z.infer<typeof FlagOverdueBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    const campaigns = await this.services.lookup.campaigns();
    const seen = await this.access.visible(caller, campaigns.map((c) => c.organisationId));
    const mine = campaigns.filter((c) => seen.has(c.organisationId));
    return ok(await recordOverdueDisclosures(this.services.lookup, this.services.commands, mine, body.on, ctx));
  }

  private async visibleAllocations(caller: Principal, ids: string[]): Promise<AllocationView[]> {
    const all = (await Promise.all(ids.map((id) => this.services.lookup.allocation(id)))).filter((a): a is AllocationView => a !== null);
    const seen = await this.access.visible(caller, all.map((a) => a.organisationId));
    return all.filter((a) => seen.has(a.organisationId));
  }

  @Route({ method: 'GET', path: 'trace/households/:householdId', roles: READERS, tags: TAGS, summary: { zh: '善款去向：户', en: 'Which donations reached a household' }, description: FUNGIBLE })
  async household(@Param({ schema: HouseholdParams }) p: z.infer<typeof HouseholdParams>, @Caller() caller: Principal) {
    const h = await this.services.lookup.household(p.householdId);
    if (!h || h.gridId === null) throw notFound();
    if (caller.role !== 'charity-staff') await this.scope.assertWithin(caller, h.gridId);
    const trace = await this.services.lookup.trace({ kind: 'household', householdId: p.householdId });
    const allocations = await tracedAllocations(this.services.lookup, await this.visibleAllocations(caller, trace?.allocationIds ?? []));
    return ok({ householdId: p.householdId, statuses: Object.values(h.statuses), allocations, goods: caller.role === 'charity-staff' ? [] : await tracedGoods(this.services.lookup, trace?.goods ?? []), note: FUNGIBLE });
  }

  @Route({ method: 'GET', path: 'trace/projects/:projectId', roles: READERS, tags: TAGS, summary: { zh: '善款去向：帮扶项目', en: 'Which donations reached a help project' }, description: FUNGIBLE })
  async project(@Param({ schema: ProjectParams }) p: z.infer<typeof ProjectParams>, @Caller() caller: Principal) {
    const project = await this.services.lookup.project(p.projectId);
    const trace = await this.services.lookup.trace({ kind: 'project', projectId: p.projectId });
    if (!project && !trace) throw notFound();
    const allocations = await tracedAllocations(this.services.lookup, await this.visibleAllocations(caller, trace?.allocationIds ?? []));
    return ok({ projectId: p.projectId, title: project?.title ?? null, allocations, goods: await tracedGoods(this.services.lookup, trace?.goods ?? []), note: FUNGIBLE });
  }
}
