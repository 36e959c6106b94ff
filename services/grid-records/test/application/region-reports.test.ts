// Statistics (summed from grid_statistics, and from region_cases) and payment rosters read from region_cases answer
// exactly what they answered when read from every household document and every case history of the region, over the seeded demo district (the 4,000-household
// district's test in tools/bench does the same at scale, transfers and deaths included).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, openInfrastructure, type Infrastructure } from '@grid/platform';
import { monthsBetween, regionReportDifferences } from '../../src/application/statistics/region-reports-check';
import { startGridRecords } from '../../src/definition';
import { seedService, type SeedResult } from '../../src/seed';
import { RegionStatisticsTallies } from '../../src/projections/region-statistics/region-statistics-tallies';
import { RegionTree } from '../../src/projections/regions/region-tree';

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
  // Past the statistics' year documents too (their tail: age bands reached decades on).
  const months = [...monthsBetween('2019-01', '2026-12'), '2027-06', '2028-01', '2031-03', '2040-06', '2046-12', '2060-01'] as const;
  for (const regionId of [seeded.districtId, ...streets])
    expect(await regionReportDifferences({ store: infra.store, documents: infra.documents }, regionId, months)).toEqual([]);
}, 120_000);

test('the district’s table is the sum of its grids’ tallies (grid_statistics), read from a document or two a grid', async () => {
  const tallies = new RegionStatisticsTallies(infra.documents, new RegionTree(infra.documents));
  const grids = await new RegionTree(infra.documents).gridsUnder(seeded.districtId);
  let summed = 0;
  for (const month of monthsBetween('2020-01', '2026-12')) {
    const { tally } = await tallies.of(seeded.districtId, month);
    if (tally.x === undefined && (tally.h ?? 0) > 0) summed += 1;
  }
  expect(summed).toBeGreaterThan(60);
  const docs = await infra.documents.collection('grid_statistics').find({ gridId: { $in: grids } });
  expect(docs.length).toBeGreaterThan(0);
  for (const doc of docs) expect(doc).not.toHaveProperty('_seen');
});
