import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { openApiOf } from '@grid/platform/http';
import { describeOnlyApp } from '@grid/platform/service';
import { gridRecords } from '../../src/definition';

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await describeOnlyApp(gridRecords);
});
afterAll(() => app.close());

describe('OpenAPI: assistance, visits and reports', () => {
  it('publishes the product’s paths with their roles', () => {
    const doc = openApiOf(app);
    const op = (path: string, method: string) => (doc.paths[path] as Record<string, { 'x-roles': string[] }> | undefined)?.[method];
    expect(op('/v1/households/{householdId}/assistance', 'post')?.['x-roles']).toEqual([
      'grid-worker',
      'community-official',
      'street-official',
    ]);
    expect(op('/v1/assistance/{caseId}/steps', 'post')?.['x-roles']).toEqual([
      'grid-worker',
      'community-official',
      'street-official',
      'district-official',
    ]);
    for (const [path, method] of [
      ['/v1/assistance/{caseId}', 'get'],
      ['/v1/households/{householdId}/visits', 'post'],
      ['/v1/regions/{regionId}/visits-due', 'get'],
      ['/v1/regions/{regionId}/reviews-due', 'get'],
      ['/v1/regions/{regionId}/statistics', 'get'],
      ['/v1/regions/{regionId}/payment-roster', 'get'],
    ] as const) {
      // Reads are open to auditors; visits are recorded by grid workers.
      expect(op(path, method)?.['x-roles']).toContain(method === 'post' ? 'grid-worker' : 'auditor');
    }
  });
});
