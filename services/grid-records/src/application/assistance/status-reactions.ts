import { gridRecordsEvents, selectEvents, type Envelope, type EnvelopeOf } from '@grid/contracts';
import { CommandHandler, DuplicateEventError, Refusal, type CommandContext, type EventStore, type ReadModelSync } from '@grid/platform';
import type { ReactionDefinition } from '@grid/platform/service';
import {
  PROGRAMS,
  RULES_ACTOR,
  assistanceDecider,
  onAssistanceApproved,
  onDeathRevoked,
  onHouseholdMovedOut,
  onMemberRemoved,
  onOfficialRelativeRegistered,
  onResidentDied,
  type Issued,
} from '../../domain';
import { CaseLookup } from '../../projections/assistance/case-lookup';
import type { CaseView } from '../../projections/assistance/case-view';
import { PersonLookup } from '../../projections/person-index/person-lookup';

/** Named checkpoint of the store subscription (embedded), and consumer group on the bus (production). */
export const STATUS_REACTIONS = 'reactions:grid-records.status-rules';

/** The events the cross-aggregate rules (domain rules/) react to. */
export const reactedEvents = selectEvents(gridRecordsEvents, [
  'grid-records.resident.died',
  'grid-records.resident.death-revoked',
  'grid-records.household.moved-out',
  'grid-records.household.member-removed',
  'grid-records.assistance.approved',
  'grid-records.official-relative.registered',
]);
type ReactedEnvelope = EnvelopeOf<typeof reactedEvents>;

/** What a refused reaction reports: rule and ids only, never personal data. */
export interface RefusedReaction {
  rule: string;
  streamId: string;
  causedBy: { eventId: string; type: string };
}

export interface StatusReactorOptions {
  store: EventStore;
  cases: CaseLookup;
  persons: PersonLookup;
  /** The read models (projections only): a reaction reads them once they hold the causing event. */
  readModels: ReadModelSync;
  /** A rule's command the case refused (e.g. a person no longer covered): reported, then passed over. */
  onRefused?: (refusal: RefusedReaction) => void;
}

/** The statuses a rule may touch, from the read model: the person's own and those of the households concerned. */
async function casesFor(e: ReactedEnvelope, cases: CaseLookup, persons: PersonLookup): Promise<CaseView[]> {
  const ofPersons = async (ids: string[]) => (await Promise.all(ids.map((id) => cases.ofPerson(id)))).flat();
  const byId = new Map<string, CaseView>();
  const add = (list: CaseView[]) => list.forEach((c) => byId.set(c.caseId, c));
  switch (e.type) {
    case 'grid-records.resident.died': {
      const d = e.data;
      add(await ofPersons([d.personId]));
      add(await cases.ofHouseholds([d.householdId]));
      break;
    }
    case 'grid-records.resident.death-revoked': {
      const d = e.data;
      add(await ofPersons([d.personId]));
      add(await cases.ofHouseholds([d.householdId]));
      break;
    }
    case 'grid-records.household.moved-out': {
      const d = e.data;
      add(await ofPersons(d.memberIds));
      add(await cases.ofHouseholds([d.householdId]));
      break;
    }
    case 'grid-records.household.member-removed':
      add(await cases.ofHouseholds([e.data.householdId]));
      break;
    case 'grid-records.assistance.approved': {
      const d = e.data;
      if (d.personId !== null) add(await ofPersons([d.personId]));
      // 特困 also ends the person's coverage in the household's 低保 (rules/status-rules.ts).
      if (d.program === 'extreme-poverty') add((await cases.ofHouseholds([d.householdId])).filter((c) => c.program === 'minimum-living'));
      break;
    }
    case 'grid-records.official-relative.registered': {
      const d = e.data;
      add(await ofPersons([d.personId]));
      const entry = await persons.byPersonId(d.personId);
      if (entry) add((await cases.ofHouseholds([entry.householdId])).filter((c) => PROGRAMS[c.program].subject === 'household'));
      break;
    }
  }
  return [...byId.values()];
}

/** The rules' commands for one event (domain rules/: pure process managers). */
function rulesFor(e: ReactedEnvelope, cases: CaseView[]): Issued[] {
  switch (e.type) {
    case 'grid-records.resident.died':
      return onResidentDied(e.data, cases);
    case 'grid-records.resident.death-revoked':
      return onDeathRevoked(e.data, cases);
    case 'grid-records.household.moved-out':
      return onHouseholdMovedOut(e.data, cases);
    case 'grid-records.household.member-removed':
      return onMemberRemoved(e.data, cases);
    case 'grid-records.assistance.approved':
      return onAssistanceApproved(e.data, cases);
    case 'grid-records.official-relative.registered':
      return onOfficialRelativeRegistered(e.data, cases);
  }
}

/**
 * The reaction to one event: the rules' commands, each run on its `assistance-*` stream through the decider,
 * which makes repeats no-ops; event ids derive from the causing event's id and the stream, so a redelivery
 * racing a first delivery appends nothing either. causationId is the causing event; the actor is the system.
 */
export function statusReactor(o: StatusReactorOptions): (e: Envelope) => Promise<void> {
  const handler = new CommandHandler({ store: o.store, decider: assistanceDecider });
  const onRefused =
    o.onRefused ??
    ((r: RefusedReaction) =>
      process.stderr.write(`[${STATUS_REACTIONS}] ${r.streamId} refused ${r.rule} (caused by ${r.causedBy.type} ${r.causedBy.eventId})\n`));
  return async (e) => {
    if (!reactedEvents.is(e)) return;
    await o.readModels.reached(e.globalPosition); // every case applied before the event is in the read model
    let last = 0;
    for (const { streamId, command } of rulesFor(e, await casesFor(e, o.cases, o.persons))) {
      const ctx: CommandContext = {
        actor: RULES_ACTOR,
        correlationId: e.correlationId,
        causationId: e.eventId,
        ...(e.traceparent ? { traceparent: e.traceparent } : {}),
        // A redelivered cause decides again with the same ids: the store takes the repeat as done.
        idSeed: e.eventId,
      };
      try {
        last = Math.max(last, (await handler.handle(streamId, command, ctx)).position ?? 0);
      } catch (error) {
        // A duplicate id with other content means this reaction was applied before in another form: retrying
        // could never succeed, so it is reported like a refusal. Anything else (the store, the read model) is retried.
        if (!(error instanceof Refusal) && !(error instanceof DuplicateEventError)) throw error;
        const rule = error instanceof Refusal ? error.rule : 'duplicate-event';
        onRefused({ rule, streamId, causedBy: { eventId: e.eventId, type: e.type } });
      }
    }
    // The caller who recorded the death reads the ended statuses right after: wait for the read models.
    if (last > 0) await o.readModels.reached(last);
  };
}

/**
 * The cross-aggregate rules as a reaction (a death or a move ends statuses, 特困 ends the two subsidies, a 近亲属备案
 * flags open cases); the platform runs it from the store (embedded) or as a consumer group (production).
 * Refusals go to `onRefused`, else to the service's log.
 */
export function statusRules<S>(onRefused?: (refusal: RefusedReaction) => void): ReactionDefinition<S> {
  return {
    name: STATUS_REACTIONS,
    categories: ['household', 'assistance', 'person'],
    start: ({ store, documents, readModels, logger }) =>
      statusReactor({
        store,
        cases: new CaseLookup(documents),
        persons: new PersonLookup(documents),
        readModels,
        ...(onRefused ? { onRefused } : logger ? { onRefused: (r: RefusedReaction) => logger.warn({ reaction: r }, 'a status rule was refused') } : {}),
      }),
  };
}
