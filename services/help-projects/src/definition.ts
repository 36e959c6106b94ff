import { workerScript } from '@grid/platform';
import type { ServiceDefinition } from '@grid/platform/service';
import { helpProjectsAudited } from './application/audited-aggregates';
import { HELP_PROJECTS_ROLES } from './api/roles';
import { composeServices, type HelpProjectsServices } from './composition';
import { HelpProjectsModule } from './help-projects.module';
import { helpProjectsProjections, startReadModels } from './projections/read-models';
import { charityAllocationsReaction } from './reactions/charity-allocations';
import { householdFactsReaction } from './reactions/household-facts';
import { helpProjectsDemo } from './seed/demo';

/** The help consortium (助联体), described once: `startService` runs it, `mountServices` puts it beside the others. */
export const helpProjects: ServiceDefinition<HelpProjectsServices> = {
  name: 'help-projects',
  info: { title: 'help-projects', version: '0.1.0', description: '助联体 · consortium members, help projects, enrolments from grid-records’ facts, service records, 救助一件事 and the three rates' },
  categories: ['consortium', 'project', 'jointcase'],
  roles: HELP_PROJECTS_ROLES,
  compose: composeServices,
  http: { module: (services) => HelpProjectsModule.register(services), regionScope: (services) => services.regions },
  readSide: { start: startReadModels, worker: workerScript(__filename, 'projections/read-side.worker'), projections: helpProjectsProjections },
  reactions: [householdFactsReaction, charityAllocationsReaction],
  demo: helpProjectsDemo,
  audit: { aggregates: helpProjectsAudited },
};
