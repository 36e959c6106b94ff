import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rebuild, replayCompare, verifyStore } from '@grid/gridctl';
import { loadConfig, loadProjectionCheckpoint, openInfrastructure } from '@grid/platform';
import { gridRecords, gridRecordsProjections, monthsBetween, regionReportDifferences } from '@grid/grid-records';
import type { Checkpoint } from '../src/district/checkpoint';
import { generateDistrict } from '../src/district/generate';
import { layoutOf } from '../src/district/steps';

/**
 * The district-scale generator at 1 % of the issue's 400,000 households, through grid-records' own commands with
 * its read side running, and the invariants bench:district relies on. Measured here (2 cores, load ~15): 4,000
 * households 61 s of CPU (51 user + 11 system, 1 min 50 s wall), 3,000 households 44 s: 4,000 fits the minute.
 */
const HOUSEHOLDS = 4_000;
const BATCH = 1_000;
// Wall time follows the machine's load, not this test: a 2-core VM shared with other work runs it 2–5× its CPU time.
jest.setTimeout(20 * 60_000);

let dataDir: string;
let interrupted: Checkpoint;
let finished: Checkpoint;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'grid-district-'));
  const stop = new AbortController();
  const onProgress = (done: number) => done >= BATCH && stop.abort();
  interrupted = structuredClone(await generateDistrict({ households: HOUSEHOLDS, dataDir, batch: BATCH, signal: stop.signal, onProgress }));
  finished = await generateDistrict({ households: HOUSEHOLDS, dataDir, batch: BATCH });
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test('an interrupted run stops after its batch, and the same command goes on to the whole district without redoing any', () => {
  expect(interrupted.done).toBe(BATCH);
  expect(finished.done).toBe(HOUSEHOLDS);
  expect(finished.counts.interrupted).toBe(0);
  expect(finished.lifeRefusals).toEqual({});
  expect(finished.marks.map((m) => m.households)).toEqual([1000, 2000, 3000, 4000]);
  expect(finished.counts.residents / HOUSEHOLDS).toBeGreaterThan(2.5);
  expect(finished.counts.residents / HOUSEHOLDS).toBeLessThan(3.5);
});

test('every read model rebuilt from the store equals the live one, document by document', async () => {
  const infra = await openInfrastructure(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }));
  try {
    const report = await replayCompare(infra.store, infra.documents);
    expect(report.differences).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.collections.find((c) => c.name === 'households')?.live).toBe(HOUSEHOLDS);
  } finally {
    await infra.close();
  }
});

test('gridctl rebuild in groups on worker threads (bench:district’s rebuild step) keeps every read model equal to one pass, every checkpoint at the head', async () => {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const infra = await openInfrastructure(config);
  try {
    const { head, groups } = await rebuild(infra, config, [gridRecords], 2);
    expect(groups).toHaveLength(2);
    const report = await replayCompare(infra.store, infra.documents);
    expect(report.differences).toEqual([]);
    for (const { projection } of gridRecordsProjections(infra.documents)) expect(await loadProjectionCheckpoint(infra.documents, projection.name)).toBe(head);
  } finally {
    await infra.close();
  }
});

test('statistics (summed from grid_statistics, and from region_cases) and rosters are what every household and case of the region gave, month by month', async () => {
  const infra = await openInfrastructure(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }));
  try {
    const { districtId, streetIds } = layoutOf(dataDir);
    const months = monthsBetween('2019-01', '2026-12');
    for (const regionId of [districtId, ...streetIds])
      expect(await regionReportDifferences({ store: infra.store, documents: infra.documents }, regionId, months)).toEqual([]);
  } finally {
    await infra.close();
  }
});

test('gridctl verify passes over the whole log', async () => {
  const report = await verifyStore(loadConfig({ DATA_DIR: dataDir }));
  expect(report.fault).toBeNull();
  expect(report.ok).toBe(true);
  expect(report.events).toBe(finished.marks.at(-1)!.events);
});

test('five years of a district’s life: births, deaths, moves and move-outs, assistance lifecycles with reviews, visits, corrections', async () => {
  const infra = await openInfrastructure(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }));
  const seen = new Set<string>();
  try {
    for await (const e of infra.store.readAll({ fromPosition: 0 })) seen.add(e.type);
  } finally {
    await infra.close();
  }
  const expected = [
    'grid-records.household.registered',
    'grid-records.household.member-added',
    'grid-records.household.member-removed',
    'grid-records.household.transferred',
    'grid-records.household.moved-out',
    'grid-records.resident.died',
    'grid-records.resident.disability-certified',
    'grid-records.resident.correction-requested',
    'grid-records.resident.details-corrected',
    'grid-records.assistance.approved',
    'grid-records.assistance.review-completed',
    'grid-records.assistance.ended',
    'grid-records.visit.recorded',
  ];
  expect(expected.filter((type) => !seen.has(type))).toEqual([]);
});
