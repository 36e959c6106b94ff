import { fundAllocated } from '@grid/contracts';
import { Refusal } from '@grid/platform';
import type { ReactionDefinition } from '@grid/platform/service';
import { ProjectCommands } from '../application/project-commands';
import type { HelpProjectsServices } from '../composition';

const SYSTEM = { id: 'help-projects-charity-allocations', role: 'system' } as const;

/**
 * charity `charity.fund.allocated` to a help project → the project's budget is credited, once per allocation id
 * (a redelivered allocation credits nothing more). An allocation to a project this service does not know is logged.
 */
export const charityAllocationsReaction: ReactionDefinition<HelpProjectsServices> = {
  name: 'reactions:help-projects.charity-allocations',
  categories: ['fund'],
  start:
    ({ services, store, documents, readModels, logger }) => {
    // Its writes wait for the read models only: waiting on the reactions too would wait on itself.
    const projects = new ProjectCommands(store, readModels, services.lookups, documents);
    return async (e) => {
      if (e.type !== fundAllocated.type) return;
      const d = fundAllocated.data.parse(e.data);
      if (d.recipient.kind !== 'project') return;
      const ctx = { actor: SYSTEM, idSeed: e.eventId, causationId: e.eventId, correlationId: e.correlationId };
      try {
        await projects.creditBudget(d.recipient.projectId, { allocationId: d.allocationId, amountFen: d.amountFen, on: d.on }, ctx);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        logger?.warn({ projectId: d.recipient.projectId, allocationId: d.allocationId, rule: error.rule }, 'charity allocation not credited');
      }
    };
  },
};
