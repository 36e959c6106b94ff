import { topicForCategory } from '@grid/contracts';
import { regionDirectoryProjection, startProjections, type ProjectionEntry, type StartReadModels } from '@grid/platform';
import { campaignsProjection } from './campaigns.projection';
import { ledgerProjection } from './ledger.projection';
import { organisationsProjection } from './organisations.projection';
import { recipientsProjection } from './recipients.projection';

/** Every read model of charity: its own, the recipients it learns from grid-records and help-projects, its region directory. */
export const charityProjections = (): ProjectionEntry[] => [
  { projection: organisationsProjection },
  { projection: campaignsProjection },
  { projection: ledgerProjection },
  { projection: recipientsProjection },
  { projection: regionDirectoryProjection('charity') },
];

export const startReadModels: StartReadModels = (deps) =>
  startProjections({
    ...deps,
    projections: charityProjections(),
    topics: [
      ...['organisation', 'donor', 'campaign', 'receipts', 'fund'].map((c) => topicForCategory(c)),
      topicForCategory('household'),
      topicForCategory('assistance'),
      topicForCategory('project'),
      topicForCategory('region'),
    ],
  });
