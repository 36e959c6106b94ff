import { CommandHandler, newId, settled, type CommandContext, type EventStore, type ReadModelSync, type WriteResult } from '@grid/platform';
import { jointCaseDecider, type JointCaseCommand, type JointCaseEvent, type JointCaseState } from '../domain/joint-case/joint-case';
import type { Lookups } from './lookups';

export const jointCaseStream = (caseId: string): string => `jointcase-${caseId}`;

export type OpenCase = Omit<Extract<JointCaseCommand, { type: 'open' }>, 'type' | 'caseId' | 'by'>;
export type AssignStep = { memberId: string; task: string; dueOn: string; on: string };

/** 救助一件事: one case per household need, steps assigned to members, handled jointly when all are done. */
export class JointCaseCommands {
  private readonly handler: CommandHandler<JointCaseCommand, JointCaseEvent, JointCaseState>;

  constructor(
    store: EventStore,
    private readonly sync: ReadModelSync,
    private readonly lookups: Lookups,
  ) {
    this.handler = new CommandHandler({ store, decider: jointCaseDecider });
  }

  async open(input: OpenCase, ctx: CommandContext): Promise<WriteResult> {
    const caseId = newId(ctx, 'joint-case');
    return this.run(caseId, { type: 'open', caseId, ...input, by: ctx.actor }, ctx);
  }

  async assign(caseId: string, input: AssignStep, ctx: CommandContext): Promise<WriteResult & { stepId: string }> {
    const stepId = newId(ctx, 'step');
    const member = await this.lookups.memberFacts(input.memberId);
    const { task, dueOn, on } = input;
    return { ...(await this.run(caseId, { type: 'assign-step', stepId, member, task, dueOn, on, by: ctx.actor }, ctx)), stepId };
  }

  async complete(caseId: string, stepId: string, input: { memberId: string; on: string }, ctx: CommandContext): Promise<WriteResult> {
    return this.run(caseId, { type: 'complete-step', stepId, ...input, by: ctx.actor }, ctx);
  }

  private async run(caseId: string, cmd: JointCaseCommand, ctx: CommandContext): Promise<WriteResult> {
    return settled(caseId, await this.handler.handle(jointCaseStream(caseId), cmd, ctx), this.sync);
  }
}
