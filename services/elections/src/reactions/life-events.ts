import { householdMemberRemoved, householdMovedOut, residentDied, type Envelope } from '@grid/contracts';
import type { ReactionDefinition } from '@grid/platform/service';
import { ElectionCommands } from '../application/election-commands';
import type { ElectionsServices } from '../composition';

const SYSTEM = { id: 'elections-life-events', role: 'system' } as const;

/** Who left the community, and how, by one of grid-records' household events (null: not a life event). */
function lifeEvent(e: Envelope): { personIds: string[]; event: 'died' | 'moved-out'; on: string } | null {
  switch (e.type) {
    case residentDied.type: {
      const d = residentDied.data.parse(e.data);
      return { personIds: [d.personId], event: 'died', on: d.diedOn };
    }
    case householdMovedOut.type: {
      const d = householdMovedOut.data.parse(e.data);
      return { personIds: d.memberIds, event: 'moved-out', on: d.on };
    }
    case householdMemberRemoved.type: {
      const d = householdMemberRemoved.data.parse(e.data);
      return { personIds: [d.personId], event: 'moved-out', on: d.on };
    }
    default:
      return null;
  }
}

/**
 * A death or move-out in grid-records → `record-life-event` on every roll of an unfinished election the person is
 * on: taken off before freezing, flagged after. Idempotent: ids derive from the causing event, and the decider
 * decides nothing for a voter already flagged or off the roll.
 */
export const lifeEventsReaction: ReactionDefinition<ElectionsServices> = {
  name: 'reactions:elections.life-events',
  categories: ['household'],
  start: ({ services, store, readModels }) => {
    // Its writes wait for the read models only: waiting on the reactions too would wait on itself.
    const elections = new ElectionCommands(store, readModels);
    return async (e) => {
      const life = lifeEvent(e);
      if (!life) return;
      for (const personId of life.personIds) {
        for (const entry of await services.roll.ofVoter(personId)) {
          const election = await services.electionLookup.get(entry.electionId);
          if (!election || election.outcome) continue;
          const ctx = { actor: SYSTEM, idSeed: `${e.eventId}:${personId}:${entry.electionId}`, causationId: e.eventId, correlationId: e.correlationId };
          await elections.step(entry.electionId, { type: 'record-life-event', voterId: personId, event: life.event, on: life.on }, ctx);
        }
      }
    };
  },
};
