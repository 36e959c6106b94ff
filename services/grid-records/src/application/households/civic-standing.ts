import { CommandHandler, settled, type CommandContext, type EventStore, type ReadModelSync, type WriteResult } from '@grid/platform';
import { civicStandingDecider, type CivicStandingCommand, type CivicStandingEvent, type CivicStandingState, type HouseholdEvent } from '../../domain';
import { householdStream } from '../streams';

type Input<T extends CivicStandingCommand['type']> = Omit<Extract<CivicStandingCommand, { type: T }>, 'type' | 'personId' | 'by'>;

/** 户籍/居住 and 政治权利 of a resident: facts on the household's stream that elections folds for its voter rolls. */
export class CivicStanding {
  private readonly handler: CommandHandler<CivicStandingCommand, HouseholdEvent | CivicStandingEvent, CivicStandingState>;

  constructor(private readonly deps: { store: EventStore; sync: ReadModelSync }) {
    this.handler = new CommandHandler({ store: deps.store, decider: civicStandingDecider });
  }

  recordResidence(householdId: string, personId: string, input: Input<'record-residence'>, ctx: CommandContext): Promise<WriteResult> {
    return this.run(householdId, { type: 'record-residence', personId, ...input, by: ctx.actor }, ctx);
  }

  deprive(householdId: string, personId: string, input: Input<'deprive-political-rights'>, ctx: CommandContext): Promise<WriteResult> {
    return this.run(householdId, { type: 'deprive-political-rights', personId, ...input, by: ctx.actor }, ctx);
  }

  restore(householdId: string, personId: string, input: Input<'restore-political-rights'>, ctx: CommandContext): Promise<WriteResult> {
    return this.run(householdId, { type: 'restore-political-rights', personId, ...input, by: ctx.actor }, ctx);
  }

  private async run(householdId: string, cmd: CivicStandingCommand, ctx: CommandContext): Promise<WriteResult> {
    const { expectedRevision: _ignored, ...rest } = ctx;
    return settled(householdId, await this.handler.handle(householdStream(householdId), cmd, rest), this.deps.sync);
  }
}
