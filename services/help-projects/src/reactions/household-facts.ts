import { isGridRecordsEvent } from '@grid/contracts';
import { Refusal } from '@grid/platform';
import type { ReactionDefinition } from '@grid/platform/service';
import { ProjectCommands } from '../application/project-commands';
import type { HelpProjectsServices } from '../composition';
import { householdOf, type GridRecordsFact } from '../domain/facts/evolve-facts';

const SYSTEM = { id: 'help-projects-household-facts', role: 'system' } as const;

/**
 * A grid-records event about a household → `apply-household-facts` on each project enrolling it: enrolments end
 * by rule (status ended, death, move-out) naming the event, and services after a late-recorded death are flagged.
 * Idempotent: the decider decides nothing when the facts give no earlier end, and ids derive from the event.
 */
export const householdFactsReaction: ReactionDefinition<HelpProjectsServices> = {
  name: 'reactions:help-projects.household-facts',
  categories: ['household', 'assistance'],
  start:
    ({ services, store, documents, readModels, logger }) => {
    // Its writes wait for the read models only: waiting on the reactions too would wait on itself.
    const projects = new ProjectCommands(store, readModels, services.lookups, documents);
    return async (e) => {
      if (!isGridRecordsEvent(e)) return;
      const householdId = householdOf({ ...e, eventId: e.eventId, recordedAt: e.recordedAt } as GridRecordsFact);
      if (householdId === null) return;
      await readModels.reached(e.globalPosition); // the facts and enrolments read models hold this event
      const enrolments = await services.lookups.enrolmentsOfHousehold(householdId);
      if (enrolments.length === 0) return;
      const facts = await services.lookups.facts(householdId);
      if (!facts) return;
      const on = e.recordedAt.slice(0, 10);
      for (const projectId of [...new Set(enrolments.map((en) => en.projectId))].sort()) {
        const ctx = { actor: SYSTEM, idSeed: `${e.eventId}:${projectId}`, causationId: e.eventId, correlationId: e.correlationId };
        try {
          await projects.applyHouseholdFacts(projectId, facts, on, ctx);
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          logger?.warn({ projectId, eventId: e.eventId, rule: error.rule }, 'household facts not applied to the project');
        }
      }
    };
  },
};
