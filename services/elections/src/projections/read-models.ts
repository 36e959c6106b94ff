import { topicForCategory } from '@grid/contracts';
import { regionDirectoryProjection, startProjections, type ProjectionEntry, type StartReadModels } from '@grid/platform';
import { electionsProjection } from './elections.projection';
import { residentsProjection } from './residents.projection';
import { rollProjection } from './roll.projection';

/** Every read model of the service: its own, its residents and its region directory (both from grid-records' events). */
export const electionsProjections = (): ProjectionEntry[] => [
  { projection: electionsProjection },
  { projection: rollProjection },
  { projection: residentsProjection },
  { projection: regionDirectoryProjection('elections') },
];

export const startReadModels: StartReadModels = (deps) =>
  startProjections({
    ...deps,
    projections: electionsProjections(),
    topics: [topicForCategory('election'), topicForCategory('household'), topicForCategory('region')],
  });
