import { topicForCategory } from '@grid/contracts';
import { regionDirectoryProjection, startProjections, type ProjectionEntry, type StartReadModels } from '@grid/platform';
import { householdsProjection } from './households.projection';
import { jointCasesProjection } from './joint-cases.projection';
import { membersProjection } from './members.projection';
import { projectsProjection } from './projects.projection';

/** Every read model: its own (members, projects, joint cases), household facts and regions (grid-records' events). */
export const helpProjectsProjections = (): ProjectionEntry[] => [
  { projection: membersProjection },
  { projection: projectsProjection },
  { projection: jointCasesProjection },
  { projection: householdsProjection },
  { projection: regionDirectoryProjection('help-projects') },
];

export const startReadModels: StartReadModels = (deps) =>
  startProjections({
    ...deps,
    projections: helpProjectsProjections(),
    topics: ['consortium', 'project', 'jointcase', 'household', 'assistance', 'region'].map((c) => topicForCategory(c)),
  });
