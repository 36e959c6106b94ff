import { workerScript } from '@grid/platform';
import type { ServiceDefinition } from '@grid/platform/service';
import { TEMPLATE_ROLES } from './api/roles';
import { composeServices, type TemplateServices } from './composition';
import { startReadModels } from './projections/read-models';
import { TemplateModule } from './template.module';

/** The service, described once: `startService` runs it, `mountServices` (npm start) puts it beside the others. */
export const template: ServiceDefinition<TemplateServices> = {
  name: 'template',
  info: { title: 'template', version: '0.1.0', description: '模板服务 · the service template: notices posted to regions' },
  categories: ['notice'],
  roles: TEMPLATE_ROLES,
  compose: composeServices,
  http: { module: (services) => TemplateModule.register(services), regionScope: (services) => services.regions },
  readSide: { start: startReadModels, worker: workerScript(__filename, 'projections/read-side.worker') },
};
