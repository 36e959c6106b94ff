import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, RegionScope, Route, created, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { HelpProjectsServices } from '../composition';
import { Access, answer } from './access';
import { OPERATORS, READERS, SERVICES, WRITERS } from './roles';
import { BenefitListBody, JoinBody, MemberParams, MemberStatusBody, WriteResultSchema } from './schemas';

const TAGS = ['help-projects'];
type P = z.infer<typeof MemberParams>;

/** 助联体 members: 入驻, status changes, 幸福清单 deliveries. */
@Controller('v1/members')
export class MembersController {
  constructor(
    @Inject(SERVICES) private readonly services: HelpProjectsServices,
    @Inject(RegionScope) private readonly scope: RegionScope,
    @Inject(Access) private readonly access: Access,
  ) {}

  @Route({ method: 'POST', path: '', roles: OPERATORS, tags: TAGS, summary: { zh: '成员单位入驻', en: 'A member joins the consortium' }, response: WriteResultSchema })
  async join(@Body({ schema: JoinBody }) body: z.infer<typeof JoinBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.scope.assertWithin(caller, body.regionId);
    const { on, ...rest } = body;
    const result = await answer(this.services.members.join({ ...rest, on }, ctx));
    return created(result, { location: `/v1/members/${result.id}`, revision: result.revision });
  }

  @Route({ method: 'GET', path: '', roles: READERS, tags: TAGS, summary: { zh: '成员单位列表', en: 'Members in the caller’s scope' } })
  async list(@Caller() caller: Principal) {
    const members = [];
    for (const m of await this.services.lookups.members()) if (await this.access.overlaps(caller, m.regionId)) members.push(m);
    return ok({ members });
  }

  @Route({ method: 'GET', path: ':memberId', roles: READERS, tags: TAGS, summary: { zh: '查看成员单位', en: 'Read a member' } })
  async read(@Param({ schema: MemberParams }) p: P, @Caller() caller: Principal) {
    return ok(await this.access.member(caller, p.memberId));
  }

  @Route({ method: 'POST', path: ':memberId/status-changes', roles: OPERATORS, tags: TAGS, summary: { zh: '暂停、恢复或退出', en: 'Suspend, reinstate or leave' }, response: WriteResultSchema })
  async status(@Param({ schema: MemberParams }) p: P, @Body({ schema: MemberStatusBody }) body: z.infer<typeof MemberStatusBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.member(caller, p.memberId);
    const cmd = body.to === 'suspended' ? { type: 'suspend' as const, on: body.on, reason: body.reason } : body.to === 'left' ? { type: 'leave' as const, on: body.on, reason: body.reason } : { type: 'reinstate' as const, on: body.on };
    return ok(await answer(this.services.members.step(p.memberId, cmd, ctx)));
  }

  @Route({ method: 'POST', path: ':memberId/benefit-lists', roles: WRITERS, tags: TAGS, summary: { zh: '幸福清单送达', en: 'Deliver a household’s benefit list' } })
  async deliver(@Param({ schema: MemberParams }) p: P, @Body({ schema: BenefitListBody }) body: z.infer<typeof BenefitListBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.member(caller, p.memberId);
    await this.access.actingAs(caller, p.memberId);
    await this.access.household(caller, body.householdId);
    const result = await answer(this.services.members.deliverBenefitList(p.memberId, body, ctx));
    return created(result, { location: `/v1/members/${p.memberId}`, revision: result.revision });
  }
}
