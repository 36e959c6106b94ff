import type { DocumentStore, EventStore } from '@grid/platform';
import { systemClock, type Clock } from './application/clock';
import { HouseholdCommands } from './application/households/household-commands';
import { HouseholdQueries } from './application/households/household-queries';
import { People } from './application/households/people';
import type { PersonalDataVault } from './application/personal-data';
import { RegionCommands } from './application/regions/region-commands';
import type { ReadModelSync } from './application/write-result';
import { PersonLookup } from './projections/person-index/person-lookup';
import { RegionTree } from './projections/regions/region-tree';

export interface ServiceDeps {
  store: EventStore;
  documents: DocumentStore;
  vault: PersonalDataVault;
  readModels: ReadModelSync;
  clock?: Clock;
}

/** The application's objects, wired without a framework: the Nest module hands these to controllers, tests use them directly. */
export interface GridRecordsServices {
  vault: PersonalDataVault;
  clock: Clock;
  tree: RegionTree;
  persons: PersonLookup;
  regions: RegionCommands;
  households: HouseholdCommands;
  householdQueries: HouseholdQueries;
}

export function composeServices({ store, documents, vault, readModels, clock = systemClock }: ServiceDeps): GridRecordsServices {
  const tree = new RegionTree(documents);
  const persons = new PersonLookup(documents);
  const regions = new RegionCommands(store, readModels);
  const people = new People(vault, persons, () => clock.today());
  const households = new HouseholdCommands({ store, vault, people, regions, tree, clock, sync: readModels });
  return { vault, clock, tree, persons, regions, households, householdQueries: new HouseholdQueries(store, documents) };
}
