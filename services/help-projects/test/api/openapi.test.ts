import { serviceOpenApiStaleness } from '@grid/platform/service';
import { helpProjects } from '../../src/definition';
import { OPENAPI_FILE, OPENAPI_REFRESH } from '../../src/tools/write-openapi';

test('the checked-in openapi.json describes the routes as they are', async () => {
  expect(await serviceOpenApiStaleness(helpProjects, OPENAPI_FILE, OPENAPI_REFRESH)).toBeNull();
});
