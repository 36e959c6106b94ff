import { workerScript } from '@grid/platform';
import type { ServiceDefinition } from '@grid/platform/service';
import { charityAudited } from './application/audited-aggregates';
import { CHARITY_ROLES } from './api/roles';
import { CHARITY_CATEGORIES } from './application/streams';
import { CharityModule } from './charity.module';
import { composeServices, type CharityServices } from './composition';
import { charityProjections, startReadModels } from './projections/read-models';
import { donationCompletionReaction } from './reactions/donation-completion';
import { charityDemo } from './seed/demo';

/** The charity service (慈善): campaigns, donations and receipts, fund ledgers, allocation, use and disclosure. */
export const charity: ServiceDefinition<CharityServices> = {
  name: 'charity',
  info: { title: 'charity', version: '0.1.0', description: '慈善: 募捐活动, 款物接收与捐赠票据, 复式记账的慈善基金, 分配, 使用, 公示' },
  categories: CHARITY_CATEGORIES,
  roles: CHARITY_ROLES,
  compose: composeServices,
  http: { module: (services) => CharityModule.register(services), regionScope: (services) => services.regions },
  readSide: { start: startReadModels, worker: workerScript(__filename, 'projections/read-side.worker'), projections: charityProjections },
  // A donation's receipt and booking, again after a crash between them and the donation (idempotent).
  reactions: [donationCompletionReaction],
  demo: charityDemo,
  audit: { aggregates: charityAudited },
};
