import { RegionDirectory } from '@grid/platform';
import type { ServiceDeps } from '@grid/platform/service';
import { ElectionCommands } from './application/election-commands';
import { PublicNotice } from './application/public-notice';
import { VoterFactsSource } from './application/voter-facts';
import { VoterRoll } from './application/voter-roll';
import { ElectionLookup } from './projections/elections.projection';
import { ResidentLookup } from './projections/residents.projection';
import { RollLookup } from './projections/roll.projection';

/** The application's objects, wired without a framework: the Nest module hands them to controllers. */
export interface ElectionsServices {
  elections: ElectionCommands;
  voterRoll: VoterRoll;
  electionLookup: ElectionLookup;
  roll: RollLookup;
  /** 公告栏: the public page, names through the vault under a recorded purpose. */
  notice: PublicNotice;
  /** elections' own residents (from grid-records' household events). */
  residents: ResidentLookup;
  /** Region scope checks: the service's own directory of grid-records' regions. */
  regions: RegionDirectory;
}

export const composeServices = ({ store, documents, readModels, vault }: ServiceDeps): ElectionsServices => {
  const elections = new ElectionCommands(store, readModels);
  const electionLookup = new ElectionLookup(documents);
  const roll = new RollLookup(documents);
  const regions = new RegionDirectory(documents, 'elections');
  const residents = new ResidentLookup(documents);
  const facts = new VoterFactsSource(residents, regions, roll, electionLookup, vault);
  const notice = new PublicNotice(roll, residents, regions, vault);
  return { elections, voterRoll: new VoterRoll(elections, facts), electionLookup, roll, residents, regions, notice };
};
