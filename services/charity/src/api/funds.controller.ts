import { Body, Controller, Inject, Param, Query } from '@nestjs/common';
import { newId, type CommandContext } from '@grid/platform';
import { Caller, Ctx, Route, created, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import { balancesOf } from '../application/reports';
import type { CharityServices } from '../composition';
import { CharityAccess } from './charity-access';
import { conflictsAs409 } from './conflicts';
import { READERS, SERVICES, STAFF } from './roles';
import { AllocationBody, FundParams, GoodsIssueBody, LedgerQuery, OpenFundBody, WriteResultSchema } from './schemas';

const TAGS = ['charity'];
type P = z.infer<typeof FundParams>;

/** 慈善基金: a double-entry ledger in fen; 分配 from unrestricted money or from a 定向 account whose restriction it meets. */
@Controller('v1/funds')
export class FundsController {
  constructor(
    @Inject(SERVICES) private readonly services: CharityServices,
    @Inject(CharityAccess) private readonly access: CharityAccess,
  ) {}

  @Route({ method: 'POST', path: '', roles: STAFF, tags: TAGS, summary: { zh: '设立慈善基金', en: 'Open a fund' }, response: WriteResultSchema })
  async open(@Body({ schema: OpenFundBody }) body: z.infer<typeof OpenFundBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.organisation(caller, body.organisationId);
    const result = await conflictsAs409(this.services.commands.openFund(body, ctx));
    return created(result, { location: `/v1/funds/${result.id}/ledger`, revision: result.revision });
  }

  @Route({
    method: 'GET',
    path: ':fundId/ledger',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '基金账簿', en: 'The fund’s balances and latest transactions' },
    description: 'Balances by account (income accounts credit-normal; every `allocated:<id>` account summed as `allocated`), in-kind stock in thousandths, and the latest transactions with their lines (each sums to zero).',
  })
  async ledger(@Param({ schema: FundParams }) p: P, @Query({ schema: LedgerQuery }) q: z.infer<typeof LedgerQuery>, @Caller() caller: Principal) {
    const f = await this.access.fund(caller, p.fundId);
    const transactions = await this.services.lookup.transactions(p.fundId, q.limit);
    return ok({ fundId: f.fundId, organisationId: f.organisationId, name: f.name, lastTx: f.lastTx, balances: balancesOf(f), stock: f.stock, transactions });
  }

  @Route({
    method: 'POST',
    path: ':fundId/allocations',
    roles: STAFF,
    tags: TAGS,
    summary: { zh: '分配', en: 'Allocate money to a household, a help project or a purpose' },
    description: 'A household must be one grid-records registered (learned from its events), a project one help-projects published. 定向 money goes only where its donor said: the refusal `restriction-not-met` names the restriction and the field.',
    response: WriteResultSchema,
  })
  async allocate(@Param({ schema: FundParams }) p: P, @Body({ schema: AllocationBody }) body: z.infer<typeof AllocationBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.fund(caller, p.fundId);
    if (body.regionId !== undefined) await this.access.region(caller, body.regionId);
    const regionPath = await this.services.recipients.regionPath(body.recipient, body.regionId);
    const { regionId: _r, ...input } = body;
    const result = await conflictsAs409(this.services.commands.allocate(p.fundId, { ...input, regionPath }, ctx));
    return created(result, { location: `/v1/allocations/${result.id}`, revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: ':fundId/goods-issues',
    roles: STAFF,
    tags: TAGS,
    summary: { zh: '物资出库', en: 'Issue goods from stock (to a charity supermarket, a household or a help project)' },
    description:
      'Goods leave stock at their share of its valuation. 定向 goods are kept apart under their donor’s restriction and leave it only for a destination inside its region, to its project, for its purpose: the refusal `restriction-not-met` names the restriction and the field.',
    response: WriteResultSchema,
  })
  async issueGoods(@Param({ schema: FundParams }) p: P, @Body({ schema: GoodsIssueBody }) body: z.infer<typeof GoodsIssueBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.fund(caller, p.fundId);
    if (body.regionId !== undefined) await this.access.region(caller, body.regionId);
    const regionPath = await this.services.recipients.regionPath(body.to, body.regionId, 'to');
    const issueId = newId(ctx, 'issue');
    const { regionId: _r, ...input } = body;
    const result = await conflictsAs409(this.services.commands.fundStep(p.fundId, { type: 'issue-goods', issueId, ...input, regionPath }, ctx));
    return created({ ...result, id: issueId }, { location: `/v1/funds/${p.fundId}/ledger`, revision: result.revision });
  }

  @Route({ method: 'GET', path: ':fundId/allocations', roles: READERS, tags: TAGS, summary: { zh: '分配记录', en: 'The fund’s allocations and their uses' } })
  async allocations(@Param({ schema: FundParams }) p: P, @Caller() caller: Principal) {
    await this.access.fund(caller, p.fundId);
    return ok({ items: await this.services.lookup.allocationsOf(p.fundId) });
  }
}
