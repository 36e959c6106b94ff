import { CommandHandler, newId, settled, type CommandContext, type DocumentStore, type EventStore, type ReadModelSync, type WriteResult } from '@grid/platform';
import { refused } from '@grid/platform/decider';
import { noFacts, type HouseholdFacts } from '../domain/facts/household-facts';
import { gridOn } from '../domain/facts/queries';
import { projectDecider } from '../domain/project/project-decider';
import type { Consent, ProjectCommand, ProjectEvent, ProjectState } from '../domain/project/types';
import type { Lookups } from './lookups';
import { RegionTree } from './region-tree';

export const projectStream = (projectId: string): string => `project-${projectId}`;

export type PublishProject = Omit<Extract<ProjectCommand, { type: 'publish' }>, 'type' | 'projectId' | 'member' | 'by'> & { memberId: string };
export type EnrolHousehold = { householdId: string; personId: string | null; consent: Consent; on: string };
export type RecordService = { personId: string; memberId: string; servedOn: string; personTimes: number; costFen: number; on: string };

/**
 * The write side of help projects: what a decision needs from elsewhere (the member, the household's facts from
 * grid-records' events, its region path) is read here and handed to the one project decider.
 */
export class ProjectCommands {
  private readonly handler: CommandHandler<ProjectCommand, ProjectEvent, ProjectState>;

  constructor(
    store: EventStore,
    private readonly sync: ReadModelSync,
    private readonly lookups: Lookups,
    private readonly documents: DocumentStore,
  ) {
    this.handler = new CommandHandler({ store, decider: projectDecider });
  }

  async publish({ memberId, ...input }: PublishProject, ctx: CommandContext): Promise<WriteResult> {
    const projectId = newId(ctx, 'project');
    const member = await this.lookups.memberFacts(memberId);
    return this.run(projectId, { type: 'publish', projectId, member, ...input, by: ctx.actor }, ctx);
  }

  /** A charity allocation to the project (分配): credited once per allocation id. */
  async creditBudget(projectId: string, input: { allocationId: string; amountFen: number; on: string }, ctx: CommandContext): Promise<WriteResult> {
    return this.run(projectId, { type: 'credit-budget', ...input, by: ctx.actor }, ctx);
  }

  async enrol(projectId: string, input: EnrolHousehold, ctx: CommandContext): Promise<WriteResult & { enrolmentId: string }> {
    const enrolmentId = newId(ctx, 'enrolment');
    const facts = await this.forRuleOf(projectId, input.on, await this.factsOf(input.householdId));
    const regionPath = (await RegionTree.load(this.documents)).pathOf(gridOn(facts, input.on));
    const result = await this.run(projectId, { type: 'enrol', enrolmentId, ...input, facts, regionPath, by: ctx.actor }, ctx);
    return { ...result, enrolmentId };
  }

  async withdraw(enrolmentId: string, on: string, ctx: CommandContext): Promise<WriteResult> {
    const enrolment = await this.lookups.enrolment(enrolmentId);
    if (!enrolment) throw refused('no-enrolment', `no enrolment ${enrolmentId}`, { field: 'enrolmentId' });
    return this.run(enrolment.projectId, { type: 'withdraw', enrolmentId, on, by: ctx.actor }, ctx);
  }

  /** 服务记录: refused after the person's death or the enrolment's end, naming the grid-records event. */
  async recordService(enrolmentId: string, { memberId, ...input }: RecordService, ctx: CommandContext): Promise<WriteResult & { serviceId: string }> {
    const enrolment = await this.lookups.enrolment(enrolmentId);
    if (!enrolment) throw refused('no-enrolment', `no enrolment ${enrolmentId}`, { field: 'enrolmentId' });
    const serviceId = newId(ctx, 'service');
    const [member, facts] = await Promise.all([this.lookups.memberFacts(memberId), this.factsOf(enrolment.householdId)]);
    const result = await this.run(enrolment.projectId, { type: 'record-service', serviceId, enrolmentId, member, facts, ...input, by: ctx.actor }, ctx);
    return { ...result, serviceId };
  }

  /** A grid-records event changed the household's facts: its enrolments in this project end by rule (a reaction). */
  async applyHouseholdFacts(projectId: string, facts: HouseholdFacts, on: string, ctx: CommandContext): Promise<WriteResult> {
    return this.run(projectId, { type: 'apply-household-facts', facts, on, by: ctx.actor }, ctx);
  }

  private async factsOf(householdId: string): Promise<HouseholdFacts> {
    return (await this.lookups.facts(householdId)) ?? noFacts(householdId);
  }

  /** The facts with the birth dates the project's rule needs on `day` opened: an enrolment judges its age (none for a project not found: the decider refuses it). */
  private async forRuleOf(projectId: string, day: string, facts: HouseholdFacts): Promise<HouseholdFacts> {
    const project = await this.lookups.project(projectId);
    return project ? (await this.lookups.forRule(project.rule, day, [facts]))[0]! : facts;
  }

  private async run(projectId: string, cmd: ProjectCommand, ctx: CommandContext): Promise<WriteResult> {
    return settled(projectId, await this.handler.handle(projectStream(projectId), cmd, ctx), this.sync);
  }
}
