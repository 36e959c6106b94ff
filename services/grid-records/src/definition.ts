import type { Infrastructure } from '@grid/platform';
import { workerScript } from '@grid/platform';
import { startService, type RunningService, type ServiceDefinition, type StartServiceOptions } from '@grid/platform/service';
import { GRID_RECORDS_ROLES } from './api/roles';
import { statusRules } from './application/assistance/status-reactions';
import { gridRecordsAudited } from './application/audit/audited-aggregates';
import { GRID_RECORDS_CATEGORIES } from './application/streams';
import { composeServices, type GridRecordsServices } from './composition';
import { GridRecordsModule } from './grid-records.module';
import { gridRecordsProjections, startReadModels } from './projections/read-models';
import { gridRecordsDemo } from './seed/demo';

/** grid-records: the region tree, households, residents and their assistance statuses. */
export const gridRecords: ServiceDefinition<GridRecordsServices> = {
  name: 'grid-records',
  info: { title: 'grid-records', version: '0.1.0', description: '网格户籍: 区划网格, 户, 居民 · region tree, households, residents' },
  categories: GRID_RECORDS_CATEGORIES,
  roles: GRID_RECORDS_ROLES,
  compose: ({ config, ...deps }) => composeServices({ ...deps, leadDays: config.BUSINESS_DATE_LEAD_DAYS }),
  http: {
    module: (services) => GridRecordsModule.register(services),
    // Its own region tree answers scope checks: one read (each node keeps its ancestors' ids).
    regionScope: (services) => services.tree,
  },
  readSide: { start: startReadModels, worker: workerScript(__filename, 'projections/read-side.worker'), projections: gridRecordsProjections },
  // The cross-aggregate rules (a death ends statuses …); writes answer once the reactions they cause are done.
  reactions: [statusRules()],
  demo: gridRecordsDemo,
  audit: { aggregates: gridRecordsAudited },
};

export type GridRecords = RunningService<GridRecordsServices>;

/** grid-records alone (tests, benchmarks): `startService(gridRecords, infra, options)`. */
export const startGridRecords = ({ infra, ...options }: StartServiceOptions & { infra: Infrastructure }): Promise<GridRecords> => startService(gridRecords, infra, options);
