import { CommandHandler, newId, settled, type CommandContext, type EventStore, type ReadModelSync, type WriteResult } from '@grid/platform';
import { electionDecider } from '../domain/decide';
import type { ElectionEvent } from '../domain/events';
import type { RuleSet } from '@grid/contracts';
import type { ElectionCommand, ElectionState, Objection, RollApplication } from '../domain/types';

export const electionStream = (electionId: string): string => `election-${electionId}`;

type WithoutBy<C> = C extends unknown ? Omit<C, 'by'> : never;
/** A command as the API or a reaction gives it: the actor comes from the command context. */
export type ElectionStep = WithoutBy<Exclude<ElectionCommand, { type: 'create' }>>;
export type CreateElection = Omit<Extract<ElectionCommand, { type: 'create' }>, 'type' | 'electionId' | 'by'>;

/** The write side of elections: every command through the one election decider; a write answers once the read models hold it. */
export class ElectionCommands {
  private readonly handler: CommandHandler<ElectionCommand, ElectionEvent, ElectionState>;

  constructor(
    store: EventStore,
    private readonly sync: ReadModelSync,
  ) {
    this.handler = new CommandHandler({ store, decider: electionDecider });
  }

  async create(input: CreateElection, ctx: CommandContext): Promise<WriteResult> {
    const electionId = newId(ctx, 'election');
    return this.run(electionId, { type: 'create', electionId, ...input, by: ctx.actor }, ctx);
  }

  async step(electionId: string, cmd: ElectionStep, ctx: CommandContext): Promise<WriteResult> {
    return this.run(electionId, { ...cmd, by: ctx.actor } as ElectionCommand, ctx);
  }

  /** The rule set the election was called under (from its own stream: the decider's state). */
  async rules(electionId: string): Promise<RuleSet> {
    const { state } = await this.handler.load(electionStream(electionId));
    if (!state) throw new Error(`election ${electionId} does not exist`);
    return state.rules;
  }

  async objectionSubject(electionId: string, objectionId: string): Promise<Objection | null> {
    const { state } = await this.handler.load(electionStream(electionId));
    return state?.objections.get(objectionId) ?? null;
  }

  /** Art 13 (2)/(3) applications of the election, from its own stream. */
  async applications(electionId: string): Promise<RollApplication[]> {
    const { state } = await this.handler.load(electionStream(electionId));
    return [...(state?.applications.values() ?? [])];
  }

  private async run(electionId: string, cmd: ElectionCommand, ctx: CommandContext): Promise<WriteResult> {
    const result = await this.handler.handle(electionStream(electionId), cmd, ctx);
    return settled(electionId, result, this.sync);
  }
}
