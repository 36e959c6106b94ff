// grid-records for HTTP tests (the platform's service harness: embedded adapters in a temp dir, fastify inject).
// `seedRegions` builds 区 d1 ⊃ 街道 s1 ⊃ 社区 c1 ⊃ 网格 {g1, g2}; d1 ⊃ s2 ⊃ c2 ⊃ g3.
import { startServiceHarness, type ServiceHarness } from '@grid/platform/service';
import type { LightMyRequestResponse } from 'fastify';
import type { GridRecordsServices } from '../../src/composition';
import { gridRecords } from '../../src/definition';

export interface Harness extends ServiceHarness<GridRecordsServices> {
  /** Region ids by their test names (d1, s1, c1, g1 …). */
  regions: Record<string, string>;
}

/** `env` adds to or overrides the test configuration (e.g. `READ_SIDE: 'inline'`). */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  return { ...(await startServiceHarness(gridRecords, env)), regions: {} };
}

const TREE: [name: string, level: string, parent: string | null][] = [
  ['d1', 'district', null],
  ['s1', 'street', 'd1'],
  ['s2', 'street', 'd1'],
  ['c1', 'community', 's1'],
  ['c2', 'community', 's2'],
  ['g1', 'grid', 'c1'],
  ['g2', 'grid', 'c1'],
  ['g3', 'grid', 'c2'],
];

/** Creates the test tree through the API as a city-wide district official; fills `h.regions`. */
export async function seedRegions(h: Harness): Promise<void> {
  const official = await h.token('district-official', ['*'], 'city-admin');
  for (const [name, level, parent] of TREE) {
    const res = await h.post(
      '/v1/regions',
      { parentId: parent ? h.regions[parent] : null, level, name: `测试${name}`, on: '2020-01-01' },
      official,
    );
    if (res.statusCode !== 201) throw new Error(`seeding ${name}: ${res.statusCode} ${res.body}`);
    h.regions[name] = res.json().id as string;
  }
}

/** The test grids at or under a test region (by name). */
const gridsUnder = (name: string): string[] => {
  const parentOf = (n: string): string | null => TREE.find(([t]) => t === n)?.[2] ?? null;
  const under = (n: string | null): boolean => n !== null && (n === name || under(parentOf(n)));
  return TREE.filter(([n, level]) => level === 'grid' && under(n)).map(([n]) => n);
};

/**
 * A grid worker's token for a test region, the worker put on the roster of every test grid at or under it first
 * (from 2020-01-01, open-ended): a worker sees residents in clear only on the grids whose roster they are on.
 */
export async function gridWorker(h: Harness, region: string, sub: string): Promise<string> {
  const official = await h.token('district-official', ['*'], 'city-admin');
  for (const grid of gridsUnder(region)) {
    const res = await h.post(`/v1/grids/${h.regions[grid]}/workers`, { workerId: sub, from: '2020-01-01' }, official);
    const again = res.statusCode === 422 && res.json().errors?.[0]?.rule === 'assignment-overlaps';
    if (res.statusCode !== 200 && !again) throw new Error(`assigning ${sub} to ${grid}: ${res.statusCode} ${res.body}`);
  }
  return h.token('grid-worker', [h.regions[region]!], sub);
}

/** Problem bodies without the per-request fields, for "answered exactly alike" comparisons. */
export const problemShape = (res: LightMyRequestResponse): unknown => {
  const { instance: _i, correlationId: _c, ...rest } = res.json() as Record<string, unknown>;
  return { status: res.statusCode, ...rest };
};

/** The community-level cast: c1's grid worker (on the roster of g1 and g2) and 社区 official, g3's grid worker, c2's 社区 official, an auditor. */
export async function communityTokens(h: Harness): Promise<Record<'worker' | 'farWorker' | 'community' | 'farOfficial' | 'auditor', string>> {
  return {
    worker: await gridWorker(h, 'c1', 'worker-li'),
    farWorker: await gridWorker(h, 'g3', 'worker-zhao'),
    community: await h.token('community-official', [h.regions.c1!], 'community-zhang'),
    farOfficial: await h.token('community-official', [h.regions.c2!], 'community-sun'),
    auditor: await h.token('auditor', ['*'], 'auditor-qian'),
  };
}
