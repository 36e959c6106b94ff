import { workerScript } from '@grid/platform';
import type { ServiceDefinition } from '@grid/platform/service';
import { electionsAudited } from './application/audited-aggregates';
import { ELECTIONS_ROLES } from './api/roles';
import { composeServices, type ElectionsServices } from './composition';
import { ElectionsModule } from './elections.module';
import { electionsProjections, startReadModels } from './projections/read-models';
import { lifeEventsReaction } from './reactions/life-events';
import { electionsDemo } from './seed/demo';

/** The elections service (换届选举), described once: `startService` runs it, `mountServices` puts it beside grid-records. */
export const elections: ServiceDefinition<ElectionsServices> = {
  name: 'elections',
  info: { title: 'elections', version: '0.1.0', description: '换届选举 · committee elections under the Organic Law, from roll to announced result' },
  categories: ['election'],
  roles: ELECTIONS_ROLES,
  compose: composeServices,
  http: { module: (services) => ElectionsModule.register(services), regionScope: (services) => services.regions },
  readSide: { start: startReadModels, worker: workerScript(__filename, 'projections/read-side.worker'), projections: electionsProjections },
  reactions: [lifeEventsReaction],
  demo: electionsDemo,
  audit: { aggregates: electionsAudited },
};
