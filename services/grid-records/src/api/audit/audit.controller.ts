import { Controller, Inject, Param, Query } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, HttpResult, Route, ScopedByParam, notFound, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import { overpaymentsCsv } from '../../application/audit/overpayments';
import type { GridRecordsServices } from '../../composition';
import { HouseholdAccess } from '../household-access';
import { AUDITORS, SERVICES } from '../roles';
import { AsOfHouseholdQuery, HouseholdAsOfSchema, OverpaymentsQuery, OverpaymentsSchema, StatusParams, TimelineSchema, WhySchema } from '../schemas/audit.schemas';
import { HouseholdParams } from '../schemas/households.schemas';
import { RegionParams } from '../schemas/regions.schemas';
import { auditedView, knownAtOf } from './audit-view';

const TAGS = ['audit'];

/**
 * 审计: the auditors' questions about a household (timeline, as-of/known-at, why) and a region (overpayments).
 * Each is recorded on the audit stream before it is answered; personal data is shown masked.
 */
@Controller('v1/audit')
export class AuditController {
  constructor(
    @Inject(SERVICES) private readonly services: GridRecordsServices,
    @Inject(HouseholdAccess) private readonly access: HouseholdAccess,
  ) {}

  private async history(caller: Principal, householdId: string) {
    await this.access.household(caller, householdId);
    const history = await this.services.audit.history(householdId);
    if (!history) throw notFound();
    return history;
  }

  @Route({
    method: 'GET',
    path: 'households/:householdId/timeline',
    roles: AUDITORS,
    tags: TAGS,
    summary: { zh: '户的时间线', en: 'A household’s timeline' },
    description:
      'Every event of the household, its members’ person streams, its assistance cases and visits, in log order: effective and recorded dates, actor, reason, rule and its source, Chinese and English labels; personal data masked.',
    response: TimelineSchema,
  })
  async timeline(@Param({ schema: HouseholdParams }) p: z.infer<typeof HouseholdParams>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    const answer = await this.services.audit.timeline(await this.history(caller, p.householdId), ctx);
    return auditedView(this.services.vault, answer, p.householdId);
  }

  @Route({
    method: 'GET',
    path: 'households/:householdId',
    roles: AUDITORS,
    tags: TAGS,
    summary: { zh: '某日状态 (当时所知)', en: 'A household valid at a date as known at a date' },
    description:
      'The household and its statuses folded from the events recorded by `knownAt` whose effective date is on or before `validAt`, with those events, and the ones in effect then but recorded later.',
    response: HouseholdAsOfSchema,
  })
  async asOf(
    @Param({ schema: HouseholdParams }) p: z.infer<typeof HouseholdParams>,
    @Query({ schema: AsOfHouseholdQuery }) q: z.infer<typeof AsOfHouseholdQuery>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    const at = { ...(q.validAt ? { validAt: q.validAt } : {}), ...(q.knownAt ? { knownAt: knownAtOf(q.knownAt) } : {}) };
    const answer = await this.services.audit.asOf(await this.history(caller, p.householdId), at, ctx);
    return auditedView(this.services.vault, answer, p.householdId);
  }

  @Route({
    method: 'GET',
    path: 'households/:householdId/why/:status',
    roles: AUDITORS,
    tags: TAGS,
    summary: { zh: '身份的来龙去脉', en: 'Why a household has a status' },
    description: 'Every case of the program: each step’s command, actor, rule, evidence, and the events that caused it (causation and correlation ids).',
    response: WhySchema,
  })
  async why(@Param({ schema: StatusParams }) p: z.infer<typeof StatusParams>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    const answer = await this.services.audit.why(await this.history(caller, p.householdId), p.status, ctx);
    return auditedView(this.services.vault, answer, p.householdId);
  }

  @Route({
    method: 'GET',
    path: 'regions/:regionId/overpayments',
    roles: AUDITORS,
    tags: TAGS,
    summary: { zh: '超发查找', en: 'Overpayments after ends recorded late' },
    description:
      'For every death, move-out, exit or annulment recorded after its effective date, the months paid in between, per case and person (ids only), with totals per child region. `format=csv` answers text/csv.',
    response: OverpaymentsSchema,
  })
  @ScopedByParam('regionId')
  async overpayments(
    @Param({ schema: RegionParams }) p: z.infer<typeof RegionParams>,
    @Query({ schema: OverpaymentsQuery }) q: z.infer<typeof OverpaymentsQuery>,
    @Ctx() ctx: CommandContext,
  ) {
    const report = await this.services.audit.overpaymentsIn(p.regionId, ctx);
    if (q.format !== 'csv') return report;
    return new HttpResult(200, overpaymentsCsv(report), { 'content-type': 'text/csv; charset=utf-8' });
  }
}
