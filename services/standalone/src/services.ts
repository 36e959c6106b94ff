import { charity } from '@grid/charity';
import { elections } from '@grid/elections';
import { gridRecords } from '@grid/grid-records';
import { helpProjects } from '@grid/help-projects';
import type { ServiceDefinition } from '@grid/platform/service';

/** The services `npm start` mounts on one port, in this order (help-projects before charity: charity's demo allocates to a published project); a new service is one more entry. */
export const SERVICES: readonly ServiceDefinition[] = [gridRecords, elections, helpProjects, charity];
