import { topicForCategory } from '@grid/contracts';
import { regionDirectoryProjection, startProjections, type StartReadModels } from '@grid/platform';
import { noticesProjection } from './notices.projection';

/** Every read model of the service: its own, and its region directory (built from grid-records' region events). */
export const startReadModels: StartReadModels = (deps) =>
  startProjections({
    ...deps,
    projections: [{ projection: noticesProjection }, { projection: regionDirectoryProjection('template') }],
    topics: [topicForCategory('notice'), topicForCategory('region')],
  });
