// Writes services/help-projects/openapi.json from the routes (checked in; a test fails when it is stale).
// Run: node scripts/bootstrap.cjs node services/help-projects/dist/tools/write-openapi.js
import { resolve } from 'node:path';
import { writeServiceOpenApiAndExit } from '@grid/platform/service';
import { helpProjects } from '../definition';

export const OPENAPI_FILE = resolve(__dirname, '..', '..', 'openapi.json');
export const OPENAPI_REFRESH = 'node scripts/bootstrap.cjs node services/help-projects/dist/tools/write-openapi.js';

if (require.main === module) writeServiceOpenApiAndExit(helpProjects, OPENAPI_FILE);
