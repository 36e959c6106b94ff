import { charity } from '@grid/charity';
import { elections } from '@grid/elections';
import { gridRecords } from '@grid/grid-records';
import { helpProjects } from '@grid/help-projects';
import type { ServiceDefinition } from '@grid/platform/service';

/** The services `npm start` mounts on one port, in this order; a new service is one more entry. */
export const SERVICES: readonly ServiceDefinition[] = [gridRecords, elections, charity, helpProjects];
