import { MemoryDocumentStore, MemoryEventStore, rebuildProjection } from '@grid/platform';
import type { RegionLevel } from '@grid/contracts';
import { regionsProjection } from '../../src/projections/regions/regions.projection';
import { RegionTree } from '../../src/projections/regions/region-tree';
import { append, clerk } from './events';

let store: MemoryEventStore;
let docs: MemoryDocumentStore;
let tree: RegionTree;

const create = (regionId: string, level: RegionLevel, parentId: string | null) =>
  append(store, `region-${regionId}`, 'grid-records.region.created', {
    regionId,
    level,
    name: regionId,
    parentId,
    on: '2020-01-01',
    by: clerk,
  });
const project = () => rebuildProjection({ projection: regionsProjection(docs), docs, store });

beforeEach(async () => {
  store = new MemoryEventStore();
  docs = new MemoryDocumentStore();
  tree = new RegionTree(docs);
  // d ⊃ s1 ⊃ c1 ⊃ g1 ⊃ m1 ⊃ b1;  d ⊃ s2 ⊃ c2 ⊃ g2
  for (const [id, level, parent] of [
    ['d', 'district', null],
    ['s1', 'street', 'd'],
    ['s2', 'street', 'd'],
    ['c1', 'community', 's1'],
    ['c2', 'community', 's2'],
    ['g1', 'grid', 'c1'],
    ['g2', 'grid', 'c2'],
    ['m1', 'micro-grid', 'g1'],
    ['b1', 'building', 'm1'],
  ] as const) {
    await create(id, level, parent);
  }
});

describe('regions read model', () => {
  it('keeps each node’s ancestor path, root first', async () => {
    await project();
    expect((await tree.node('b1'))!.path).toEqual(['d', 's1', 'c1', 'g1', 'm1']);
    expect((await tree.node('b1'))!.at).toEqual({
      district: 'd',
      street: 's1',
      community: 'c1',
      grid: 'g1',
      microGrid: 'm1',
      building: 'b1',
    });
  });

  it('answers scope questions from the path, failing closed on unknown nodes', async () => {
    await project();
    expect(await tree.isWithin('b1', ['c1'])).toBe(true);
    expect(await tree.isWithin('b1', ['b1'])).toBe(true);
    expect(await tree.isWithin('g2', ['s1'])).toBe(false);
    expect(await tree.isWithin('nowhere', ['d'])).toBe(false);
  });

  it('a move rewrites the paths of everything below the moved node', async () => {
    await append(store, 'region-c1', 'grid-records.region.moved', {
      regionId: 'c1',
      level: 'community',
      fromParentId: 's1',
      toParentId: 's2',
      on: '2021-01-01',
      change: 'merge',
      by: clerk,
    });
    await project();
    expect((await tree.node('c1'))!.parents).toEqual([
      { from: '2020-01-01', parentId: 's1' },
      { from: '2021-01-01', parentId: 's2' },
    ]);
    expect((await tree.node('b1'))!.path).toEqual(['d', 's2', 'c1', 'g1', 'm1']);
    expect(await tree.isWithin('b1', ['s1'])).toBe(false);
    expect(await tree.gridsUnder('s2')).toEqual(expect.arrayContaining(['g1', 'm1', 'g2']));
    expect(await tree.gridsUnder('s1')).toEqual([]);
  });

  it('lists grids and micro-grids under a node, not buildings or communities', async () => {
    await project();
    expect((await tree.gridsUnder('d')).sort()).toEqual(['g1', 'g2', 'm1']);
    expect(await tree.gridsUnder('g2')).toEqual(['g2']);
  });

  it('keeps the grid’s roster of workers', async () => {
    await append(store, 'grid-g1', 'grid-records.grid.worker-assigned', {
      gridId: 'g1',
      workerId: 'w1',
      from: '2021-01-01',
      until: null,
      by: clerk,
    });
    await append(store, 'grid-g1', 'grid-records.grid.worker-unassigned', {
      gridId: 'g1',
      workerId: 'w1',
      from: '2021-01-01',
      until: '2021-06-30',
      by: clerk,
    });
    await project();
    expect((await tree.node('g1'))!.workers).toEqual([{ workerId: 'w1', from: '2021-01-01', until: '2021-06-30' }]);
    expect((await tree.node('g1'))!.revision).toBe(0); // the roster is another stream: the node's ETag stays
  });

  it('a closed node reads closed with its date and reason, its workers ended, and leaves the children list', async () => {
    await append(store, 'grid-g2', 'grid-records.grid.worker-assigned', {
      gridId: 'g2',
      workerId: 'w2',
      from: '2020-03-01',
      until: null,
      by: clerk,
    });
    await append(store, 'region-g2', 'grid-records.region.closed', {
      regionId: 'g2',
      level: 'grid',
      on: '2021-01-01',
      reason: '网格合并',
      workersEnded: [{ workerId: 'w2', from: '2020-03-01', until: '2020-12-31' }],
      by: clerk,
    });
    await project();
    expect(await tree.node('g2')).toMatchObject({
      status: 'closed',
      closedOn: '2021-01-01',
      closeReason: '网格合并',
      workers: [{ workerId: 'w2', from: '2020-03-01', until: '2020-12-31' }],
      revision: 1,
    });
    expect(await tree.children('c2')).toEqual([]);
    expect((await tree.children('c2', { includeClosed: true })).map((n) => n.regionId)).toEqual(['g2']);
  });
});
