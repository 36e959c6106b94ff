// Statistics and payment rosters read from region_cases answer exactly what they answered when read from every
// household document and every case history of the region, over the seeded demo district (the 4,000-household
// district's test in tools/bench does the same at scale, transfers and deaths included).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, openInfrastructure, type Infrastructure } from '@grid/platform';
import { monthsBetween, regionReportDifferences } from '../../src/application/statistics/region-reports-check';
import { startGridRecords } from '../../src/definition';
import { seedService, type SeedResult } from '../../src/seed';

let dir: string;
let infra: Infrastructure;
let seeded: SeedResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'grid-region-reports-'));
  const config = loadConfig({
    DATA_DIR: dir,
    SQLITE_SYNCHRONOUS: 'OFF',
    PERSONAL_DATA_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
  });
  infra = await openInfrastructure(config);
  const service = await startGridRecords({ config, infra, port: 0 });
  try {
    seeded = await seedService(service, infra.store, { seed: 7, households: 300, concurrency: 8 });
  } finally {
    await service.close();
  }
}, 120_000);

afterAll(async () => {
  await infra?.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

test('the district’s and every street’s statistics and rosters, month by month, are what every household and case gave', async () => {
  const streets = Object.entries(seeded.regionIds)
    .filter(([key]) => /^s\d+$/.test(key))
    .map(([, id]) => id);
  expect(streets.length).toBeGreaterThan(0);
  const months = monthsBetween('2019-01', '2026-12');
  for (const regionId of [seeded.districtId, ...streets])
    expect(await regionReportDifferences({ store: infra.store, documents: infra.documents }, regionId, months)).toEqual([]);
}, 120_000);
