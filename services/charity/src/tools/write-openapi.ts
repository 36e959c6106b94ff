// Writes services/charity/openapi.json from the routes (checked in; a test fails when it is stale).
// Run: node scripts/bootstrap.cjs node services/charity/dist/tools/write-openapi.js
import { resolve } from 'node:path';
import { writeServiceOpenApiAndExit } from '@grid/platform/service';
import { charity } from '../definition';

export const OPENAPI_FILE = resolve(__dirname, '..', '..', 'openapi.json');
export const OPENAPI_REFRESH = 'node scripts/bootstrap.cjs node services/charity/dist/tools/write-openapi.js';

if (require.main === module) writeServiceOpenApiAndExit(charity, OPENAPI_FILE);
