import { RegionDirectory, systemClock, type Clock, type PersonalDataVault } from '@grid/platform';
import type { ServiceDeps } from '@grid/platform/service';
import { CharityCommands } from './application/charity-commands';
import { OverdueDisclosuresJob } from './application/overdue-disclosures';
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
  /** The daily recording of overdue disclosures (started and stopped with the HTTP module). */
  overdueJob: OverdueDisclosuresJob;
}

export const composeServices = ({ config, store, documents, readModels, vault, clock = systemClock }: ServiceDeps): CharityServices => {
  const lookup = new CharityLookup(documents);
  const regions = new RegionDirectory(documents, 'charity');
  const commands = new CharityCommands(store, vault, readModels);
  const overdueJob = new OverdueDisclosuresJob(lookup, commands, clock, config.CHARITY_OVERDUE_DISCLOSURES_EVERY_HOURS * 3_600_000);
  return { commands, lookup, recipients: new Recipients(lookup, regions), vault, clock, regions, overdueJob };
};
