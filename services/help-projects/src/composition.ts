import { RegionDirectory, type DocumentStore } from '@grid/platform';
import type { ServiceDeps } from '@grid/platform/service';
import { JointCaseCommands } from './application/joint-case-commands';
import { Lookups } from './application/lookups';
import { MemberCommands } from './application/member-commands';
import { ProjectCommands } from './application/project-commands';
import { RegionTree } from './application/region-tree';

/** The application's objects, wired without a framework: the Nest module hands them to controllers. */
export interface HelpProjectsServices {
  members: MemberCommands;
  projects: ProjectCommands;
  jointCases: JointCaseCommands;
  lookups: Lookups;
  /** Region scope checks: the service's own directory of grid-records' regions. */
  regions: RegionDirectory;
  /** The whole region tree in memory, for reads over many households (rates, eligibility). */
  regionTree(): Promise<RegionTree>;
}

export const composeServices = ({ store, documents, readModels, vault }: ServiceDeps): HelpProjectsServices => {
  const lookups = new Lookups(documents, vault);
  return {
    members: new MemberCommands(store, readModels),
    projects: new ProjectCommands(store, readModels, lookups, documents),
    jointCases: new JointCaseCommands(store, readModels, lookups),
    lookups,
    regions: new RegionDirectory(documents, 'help-projects'),
    regionTree: () => RegionTree.load(documents as DocumentStore),
  };
};
