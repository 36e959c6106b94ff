import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { openApiOf, openApiStaleness } from '@grid/platform/http';
import { describeOnlyApp } from '@grid/platform/service';
import { gridRecords } from '../../src/definition';
import { OPENAPI_FILE, OPENAPI_REFRESH } from '../../src/tools/write-openapi';

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await describeOnlyApp(gridRecords);
});
afterAll(() => app.close());

describe('OpenAPI', () => {
  it('the checked-in openapi.json describes the routes as they are', async () => {
    expect(await openApiStaleness(app, OPENAPI_FILE, OPENAPI_REFRESH)).toBeNull();
  });

  it('publishes the product’s paths, each with roles and a bilingual summary', () => {
    const doc = openApiOf(app);
    for (const path of [
      '/v1/regions',
      '/v1/regions/{regionId}',
      '/v1/regions/{regionId}/children',
      '/v1/households',
      '/v1/households/{householdId}',
      '/v1/households/{householdId}/members',
      '/v1/residents/{personId}/death',
      '/v1/households/{householdId}/transfer',
      '/v1/households/{householdId}/move-out',
      '/v1/households/{householdId}/history',
    ]) {
      expect(doc.paths[path]).toBeDefined();
    }
    const register = doc.paths['/v1/households']!.post as { summary: string; 'x-roles': string[] };
    expect(register).toMatchObject({ summary: '登记户 · Register a household', 'x-roles': ['grid-worker'] });
  });
});
