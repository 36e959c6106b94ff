import { RegionDirectory, systemClock, type Clock, type PersonalDataVault } from '@grid/platform';
import type { ServiceDeps } from '@grid/platform/service';
import { CharityCommands } from './application/charity-commands';
import { Recipients } from './application/recipients';
import { CharityLookup } from './projections/lookups';

/** The application's objects, wired without a framework: the Nest module hands them to controllers. */
export interface CharityServices {
  commands: CharityCommands;
  lookup: CharityLookup;
  recipients: Recipients;
  vault: PersonalDataVault;
  clock: Clock;
  /** Region scope checks and region paths: the service's own directory of grid-records' regions. */
  regions: RegionDirectory;
}

export const composeServices = ({ store, documents, readModels, vault, clock = systemClock }: ServiceDeps): CharityServices => {
  const lookup = new CharityLookup(documents);
  const regions = new RegionDirectory(documents, 'charity');
  return { commands: new CharityCommands(store, vault, readModels), lookup, recipients: new Recipients(lookup, regions), vault, clock, regions };
};
