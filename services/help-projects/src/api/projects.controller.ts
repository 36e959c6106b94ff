import { Body, Controller, Inject, Param, Query } from '@nestjs/common';
import { chinaToday, type CommandContext } from '@grid/platform';
import { Caller, Ctx, RegionScope, Route, created, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import { eligibleHouseholds } from '../application/eligibility';
import type { HelpProjectsServices } from '../composition';
import { Access, answer } from './access';
import { READERS, SERVICES, WRITERS } from './roles';
import { EnrolBody, OnQuery, ProjectParams, PublishBody, WriteResultSchema } from './schemas';

const TAGS = ['help-projects'];
type P = z.infer<typeof ProjectParams>;

/** 帮扶项目: publication, who is eligible, enrolments. */
@Controller('v1/projects')
export class ProjectsController {
  constructor(
    @Inject(SERVICES) private readonly services: HelpProjectsServices,
    @Inject(RegionScope) private readonly scope: RegionScope,
    @Inject(Access) private readonly access: Access,
  ) {}

  @Route({ method: 'POST', path: '', roles: WRITERS, tags: TAGS, summary: { zh: '发布帮扶项目', en: 'Publish a help project' }, response: WriteResultSchema })
  async publish(@Body({ schema: PublishBody }) body: z.infer<typeof PublishBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.actingAs(caller, body.memberId);
    const result = await answer(this.services.projects.publish(body, ctx));
    return created(result, { location: `/v1/projects/${result.id}`, revision: result.revision });
  }

  @Route({ method: 'GET', path: '', roles: READERS, tags: TAGS, summary: { zh: '帮扶项目列表', en: 'Projects in the caller’s scope' } })
  async list(@Caller() caller: Principal) {
    const projects = [];
    for (const p of await this.services.lookups.projects()) {
      const owner = await this.services.lookups.member(p.memberId);
      if (owner && (await this.access.overlaps(caller, owner.regionId))) projects.push(p);
    }
    return ok({ projects });
  }

  @Route({ method: 'GET', path: ':projectId', roles: READERS, tags: TAGS, summary: { zh: '查看帮扶项目', en: 'Read a project' } })
  async read(@Param({ schema: ProjectParams }) p: P, @Caller() caller: Principal) {
    return ok(await this.access.project(caller, p.projectId));
  }

  @Route({
    method: 'GET',
    path: ':projectId/eligible',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '符合条件的对象', en: 'Households the rule admits' },
    description: 'Households in the caller’s scope whose facts (learned from grid-records’ events) meet the project’s eligibility rule on `on`, with the persons and statuses they qualify by.',
  })
  async eligible(@Param({ schema: ProjectParams }) p: P, @Query({ schema: OnQuery }) q: z.infer<typeof OnQuery>, @Caller() caller: Principal) {
    const project = await this.access.project(caller, p.projectId);
    const on = q.on ?? chinaToday();
    const households = project.rule.programs.length > 0 ? this.services.lookups.factsWithStatus() : this.services.lookups.allFacts();
    const [facts, tree] = await Promise.all([households, this.services.regionTree()]);
    const inScope = (path: readonly string[]) => caller.scope.includes('*') || path.some((r) => caller.scope.includes(r));
    const eligible = eligibleHouseholds(project.rule, await this.services.lookups.forRule(project.rule, on, facts), on, tree, inScope);
    return ok({ projectId: project.projectId, on, count: eligible.length, households: eligible });
  }

  @Route({ method: 'POST', path: ':projectId/enrolments', roles: WRITERS, tags: TAGS, summary: { zh: '纳入帮扶对象', en: 'Enrol an eligible household or person' } })
  async enrol(@Param({ schema: ProjectParams }) p: P, @Body({ schema: EnrolBody }) body: z.infer<typeof EnrolBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    const project = await this.access.project(caller, p.projectId);
    await this.access.actingAs(caller, project.memberId);
    await this.access.household(caller, body.householdId);
    const result = await answer(this.services.projects.enrol(p.projectId, body, ctx));
    return created(result, { location: `/v1/enrolments/${result.enrolmentId}`, revision: result.revision });
  }

  @Route({ method: 'GET', path: ':projectId/enrolments', roles: READERS, tags: TAGS, summary: { zh: '帮扶对象名单', en: 'The project’s enrolments in the caller’s scope' } })
  async enrolments(@Param({ schema: ProjectParams }) p: P, @Caller() caller: Principal) {
    await this.access.project(caller, p.projectId);
    const enrolments = [];
    for (const e of await this.services.lookups.enrolmentsOfProject(p.projectId)) if (await this.access.householdVisible(caller, e.householdId)) enrolments.push(e);
    return ok({ projectId: p.projectId, enrolments });
  }
}
