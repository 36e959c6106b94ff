import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, Route, created, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { HelpProjectsServices } from '../composition';
import { Access, answer } from './access';
import { READERS, SERVICES, WRITERS } from './roles';
import { EnrolmentParams, OnBody, ServiceBody, WriteResultSchema } from './schemas';

const TAGS = ['help-projects'];
type P = z.infer<typeof EnrolmentParams>;

/** An enrolment and the services delivered under it: who was served, by whom, when. */
@Controller('v1/enrolments')
export class EnrolmentsController {
  constructor(
    @Inject(SERVICES) private readonly services: HelpProjectsServices,
    @Inject(Access) private readonly access: Access,
  ) {}

  @Route({ method: 'GET', path: ':enrolmentId', roles: READERS, tags: TAGS, summary: { zh: '查看帮扶对象', en: 'Read an enrolment' } })
  async read(@Param({ schema: EnrolmentParams }) p: P, @Caller() caller: Principal) {
    return ok(await this.access.enrolment(caller, p.enrolmentId));
  }

  @Route({
    method: 'POST',
    path: ':enrolmentId/services',
    roles: WRITERS,
    tags: TAGS,
    summary: { zh: '记录服务', en: 'Record a service delivered' },
    description: 'Refused (422) after the person’s death or the enrolment’s end, naming the grid-records event; over budget is refused too.',
  })
  async record(@Param({ schema: EnrolmentParams }) p: P, @Body({ schema: ServiceBody }) body: z.infer<typeof ServiceBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.enrolment(caller, p.enrolmentId);
    await this.access.actingAs(caller, body.memberId);
    const result = await answer(this.services.projects.recordService(p.enrolmentId, body, ctx));
    return created(result, { location: `/v1/enrolments/${p.enrolmentId}/services`, revision: result.revision });
  }

  @Route({ method: 'GET', path: ':enrolmentId/services', roles: READERS, tags: TAGS, summary: { zh: '服务记录', en: 'Services delivered under the enrolment' } })
  async list(@Param({ schema: EnrolmentParams }) p: P, @Caller() caller: Principal) {
    const enrolment = await this.access.enrolment(caller, p.enrolmentId);
    const services = (await this.services.lookups.services(p.enrolmentId)).sort((a, b) => (a.servedOn < b.servedOn ? -1 : a.servedOn > b.servedOn ? 1 : 0));
    return ok({ enrolmentId: enrolment.enrolmentId, end: enrolment.end, services });
  }

  @Route({ method: 'POST', path: ':enrolmentId/withdrawal', roles: WRITERS, tags: TAGS, summary: { zh: '退出帮扶', en: 'Withdraw an enrolment' }, response: WriteResultSchema })
  async withdraw(@Param({ schema: EnrolmentParams }) p: P, @Body({ schema: OnBody }) body: z.infer<typeof OnBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    const enrolment = await this.access.enrolment(caller, p.enrolmentId);
    const project = await this.access.project(caller, enrolment.projectId);
    await this.access.actingAs(caller, project.memberId);
    return ok(await answer(this.services.projects.withdraw(p.enrolmentId, body.on, ctx)));
  }
}
