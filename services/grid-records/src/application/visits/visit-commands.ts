import { CommandHandler, newId, settled, type CommandContext, type EventStore, type ReadModelSync, type WriteResult } from '@grid/platform';
import {
  visitDecider,
  type HouseholdEvent,
  type IsoDate,
  type VisitCommand,
  type VisitEvent,
  type VisitFinding,
  type VisitState,
} from '../../domain';
import type { HorizonSource } from '../horizon';
import { householdSubject, type PersonalDataVault } from '../personal-data';
import { householdStream } from '../streams';

/** A visit as the caller reports it; the note is free text in clear until sealed here. */
export interface RecordVisit {
  personIds: string[];
  visitedOn: IsoDate;
  kind: VisitCommand['kind'];
  findings: VisitFinding[];
  note?: string;
}

/**
 * 走访/探访关爱, recorded on the household's own stream beside its other history (domain visits/decide.ts checks
 * the visit fits the household's life: registered, not yet closed, the persons seen were members then).
 */
export class VisitCommands {
  private readonly visits: CommandHandler<VisitCommand, HouseholdEvent | VisitEvent, VisitState>;

  constructor(
    store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly sync: ReadModelSync,
    private readonly horizon: HorizonSource,
  ) {
    this.visits = new CommandHandler({ store: store, decider: visitDecider });
  }

  async record(householdId: string, input: RecordVisit, ctx: CommandContext): Promise<WriteResult & { visitId: string }> {
    const visitId = newId(ctx, 'visit');
    const { note: clear, ...rest } = input;
    // A note may say anything about the family: sealed under the household's key (the convention for notes).
    const note = clear === undefined ? undefined : await this.vault.seal(householdSubject(householdId), clear);
    // A visit adds to the history; it changes nothing the caller saw, so it is not bound to an If-Match.
    const { expectedRevision: _ignored, ...adding } = ctx;
    const result = await this.visits.handle(
      householdStream(householdId),
      { type: 'record-visit', visitId, ...rest, ...(note ? { note } : {}), by: ctx.actor, horizon: this.horizon() },
      adding,
    );
    return { ...(await settled(householdId, result, this.sync)), visitId };
  }
}
