import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { openApiStaleness } from '@grid/platform/http';
import { describeOnlyApp } from '@grid/platform/service';
import { charity } from '../../src/definition';
import { OPENAPI_FILE, OPENAPI_REFRESH } from '../../src/tools/write-openapi';

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await describeOnlyApp(charity);
});
afterAll(() => app.close());

it('the checked-in openapi.json describes the routes as they are', async () => {
  expect(await openApiStaleness(app, OPENAPI_FILE, OPENAPI_REFRESH)).toBeNull();
});
