// Statistics (summed from grid_statistics, and from region_cases) and payment rosters read from region_cases answer
// exactly what they answered when read from every household document and every case history of the region, over the seeded demo district (the 4,000-household
// district's test in tools/bench does the same at scale, transfers and deaths included).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, openInfrastructure, PROJECTION_CHECKPOINTS, projectionCheckpointId, rebuildProjection, type Infrastructure } from '@grid/platform';
import { RegionRecordsReader } from '../../src/application/statistics/region-records';
import { monthsBetween, regionReportDifferences } from '../../src/application/statistics/region-reports-check';
import { RegionStatistics } from '../../src/application/statistics/region-statistics';
import { DEFAULT_STANDARDS } from '../../src/domain';
import { CaseLookup } from '../../src/projections/assistance/case-lookup';
import { regionStatisticsProjection } from '../../src/projections/region-statistics/region-statistics.projection';
import { VisitLookup } from '../../src/projections/visits/visit-lookup';
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

// Last: it empties grid_statistics (and rebuilds it).
test('a grid_statistics not yet built up to the head the service started with is not summed: the table comes from region_cases until it is', async () => {
  const { documents, store } = infra;
  const tree = new RegionTree(documents);
  const projection = regionStatisticsProjection(DEFAULT_STANDARDS);
  // As the first start after the upgrade finds it: no documents, its checkpoint at 0, the log populated.
  for (const collection of projection.collections) await documents.collection(collection).drop();
  await documents.collection(PROJECTION_CHECKPOINTS).put({ _id: projectionCheckpointId(projection.name), position: 0 });
  const tallies = new RegionStatisticsTallies(documents, tree, store);
  const statistics = new RegionStatistics(new RegionRecordsReader(documents, tree, new CaseLookup(documents)), new VisitLookup(documents), DEFAULT_STANDARDS, tallies);
  const months = monthsBetween('2020-01', '2026-12');
  let held = 0;
  for (const month of months) {
    const fromCases = await statistics.statisticsFromCases(seeded.districtId, month);
    if (fromCases.totals.households > 0) held += 1;
    expect(await statistics.statistics(seeded.districtId, month)).toEqual(fromCases);
  }
  expect(held).toBeGreaterThan(60); // the empty model's sums (no household) would differ
  expect(await tallies.isBuilt()).toBe(false);

  await rebuildProjection({ projection, docs: documents, store });
  const summed = jest.spyOn(tallies, 'of');
  for (const month of months) expect(await statistics.statistics(seeded.districtId, month)).toEqual(await statistics.statisticsFromCases(seeded.districtId, month));
  expect(summed).toHaveBeenCalledTimes(months.length);
}, 120_000);
