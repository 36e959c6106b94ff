import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, RegionScope, Route, created, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { HelpProjectsServices } from '../composition';
import { Access, answer } from './access';
import { OPERATORS, READERS, SERVICES, WRITERS } from './roles';
import { AssignStepBody, CaseParams, CompleteStepBody, OpenCaseBody, StepParams, WriteResultSchema } from './schemas';

const TAGS = ['help-projects'];
type P = z.infer<typeof CaseParams>;

/** 救助一件事 joint cases: opened by an operator, steps assigned to members, handled jointly when all are done. */
@Controller('v1/joint-cases')
export class JointCasesController {
  constructor(
    @Inject(SERVICES) private readonly services: HelpProjectsServices,
    @Inject(RegionScope) private readonly scope: RegionScope,
    @Inject(Access) private readonly access: Access,
  ) {}

  @Route({ method: 'POST', path: '', roles: OPERATORS, tags: TAGS, summary: { zh: '受理救助一件事', en: 'Open a joint case' }, response: WriteResultSchema })
  async open(@Body({ schema: OpenCaseBody }) body: z.infer<typeof OpenCaseBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.scope.assertWithin(caller, body.regionId);
    await this.access.household(caller, body.householdId);
    const result = await answer(this.services.jointCases.open(body, ctx));
    return created(result, { location: `/v1/joint-cases/${result.id}`, revision: result.revision });
  }

  @Route({ method: 'GET', path: '', roles: READERS, tags: TAGS, summary: { zh: '救助一件事列表', en: 'Joint cases in the caller’s scope' } })
  async list(@Caller() caller: Principal) {
    const cases = [];
    for (const c of await this.services.lookups.jointCases()) if (await this.scope.isWithin(caller, c.regionId)) cases.push(c);
    return ok({ cases });
  }

  @Route({ method: 'GET', path: ':caseId', roles: READERS, tags: TAGS, summary: { zh: '查看救助一件事', en: 'Read a joint case' } })
  async read(@Param({ schema: CaseParams }) p: P, @Caller() caller: Principal) {
    return ok(await this.access.jointCase(caller, p.caseId));
  }

  @Route({ method: 'POST', path: ':caseId/steps', roles: OPERATORS, tags: TAGS, summary: { zh: '分派办理环节', en: 'Assign a step to a member' } })
  async assign(@Param({ schema: CaseParams }) p: P, @Body({ schema: AssignStepBody }) body: z.infer<typeof AssignStepBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.jointCase(caller, p.caseId);
    const result = await answer(this.services.jointCases.assign(p.caseId, body, ctx));
    return created(result, { location: `/v1/joint-cases/${p.caseId}`, revision: result.revision });
  }

  @Route({ method: 'POST', path: ':caseId/steps/:stepId/completion', roles: WRITERS, tags: TAGS, summary: { zh: '环节办结', en: 'Complete a step' }, response: WriteResultSchema })
  async complete(@Param({ schema: StepParams }) p: z.infer<typeof StepParams>, @Body({ schema: CompleteStepBody }) body: z.infer<typeof CompleteStepBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.jointCase(caller, p.caseId);
    await this.access.actingAs(caller, body.memberId);
    return ok(await answer(this.services.jointCases.complete(p.caseId, p.stepId, body, ctx)));
  }
}
