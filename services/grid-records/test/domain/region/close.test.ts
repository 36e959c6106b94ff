import { Refusal, fold, specFor } from '@grid/platform/decider';
import { regionDecider } from '../../../src/domain/region/decide';
import { gridRosterDecider } from '../../../src/domain/region/grid-roster';
import type { CloseRegion, RegionEvent } from '../../../src/domain/region/types';
import { district, like, township } from '../fixtures';

const given = specFor(regionDecider);

const created = (regionId: string, level: 'district' | 'community' | 'grid', parentId: string | null, on = '2020-01-01'): RegionEvent => ({
  type: 'grid-records.region.created',
  data: { regionId, level, name: regionId, parentId, on, by: district },
  occurredAt: on,
});
const cuizhuyuan = created('cuizhuyuan', 'community', 'meiwan');
const grid = created('g-7', 'grid', 'cuizhuyuan');
const closed = (regionId: string, level: 'community' | 'grid', on = '2021-01-01'): RegionEvent => ({
  type: 'grid-records.region.closed',
  data: { regionId, level, on, reason: '区划调整', workersEnded: [], by: district },
  occurredAt: on,
});

const admitted = (householdId: string, on = '2020-03-01'): RegionEvent => ({
  type: 'grid-records.region.household-admitted',
  data: { regionId: 'g-7', householdId, on, by: district },
  occurredAt: on,
});
const withdrawn = (householdId: string): RegionEvent => ({
  type: 'grid-records.region.household-admission-withdrawn',
  data: { regionId: 'g-7', householdId, by: district },
  occurredAt: '2020-03-01',
});

/** The refusal itself, to read what it tells the office. */
const refusalOf = (history: RegionEvent[], cmd: CloseRegion): Refusal => {
  try {
    regionDecider.decide(cmd, fold(regionDecider, history));
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('not refused');
};

const close = (over: Partial<CloseRegion> = {}): CloseRegion => ({
  type: 'close',
  on: '2021-01-01',
  reason: '区划调整: 并入凌云社区',
  openChildren: 0,
  households: 0,
  departed: [],
  workers: [],
  by: district,
  ...over,
});

describe('撤销/合并: closing a region node', () => {
  test('a community merged into another closes once its grids have moved, with the reason and date', () => {
    given(cuizhuyuan)
      .when(close({ mergedInto: 'lingyun', mergeTarget: { level: 'community', closed: false, openedOn: '2019-01-01' } }))
      .then({
        type: 'grid-records.region.closed',
        data: {
          regionId: 'cuizhuyuan',
          level: 'community',
          on: '2021-01-01',
          mergedInto: 'lingyun',
          reason: '区划调整: 并入凌云社区',
          workersEnded: [],
          by: district,
        },
        occurredAt: '2021-01-01',
      });
  });

  test('closing a community that still has open grids is refused, naming how many', () => {
    given(cuizhuyuan)
      .when(close({ openChildren: 3 }))
      .thenRefuses('has-children');
    expect(refusalOf([cuizhuyuan], close({ openChildren: 3 })).detail).toMatch(/^3 open node/);
  });

  test('closing a grid where households are still registered is refused: they are transferred first', () => {
    given(cuizhuyuan, grid)
      .when(close({ households: 12 }))
      .thenRefuses('has-households');
    expect(refusalOf([cuizhuyuan, grid], close({ households: 12 })).detail).toMatch(/^12 household/);
  });

  test('a household admitted to the grid blocks its close while its own stream shows it there, or on its way in', () => {
    given(grid, admitted('h-1')).when(close()).thenRefuses('has-households');
    // Older households, counted in the read model, add to the admitted ones still there.
    expect(refusalOf([grid, admitted('h-1'), admitted('h-2')], close({ households: 1, departed: ['h-2'] })).detail).toMatch(/^2 household/);
  });

  test('the grid closes once every admitted household left it (its stream shows it moved, ended or transferred)', () => {
    given(grid, admitted('h-1'), admitted('h-2'))
      .when(close({ reason: '区划调整', departed: ['h-1', 'h-2'] }))
      .then(closed('g-7', 'grid'));
  });

  test('an admission withdrawn (its registration failed) does not block the close', () => {
    given(grid, admitted('h-1'), withdrawn('h-1')).when(close({ reason: '区划调整' })).then(closed('g-7', 'grid'));
  });

  test('a closed grid or building admits no household; an open one admits each arrival, a household coming back too', () => {
    const admit = { type: 'admit' as const, householdId: 'h-1', field: 'toGridId', on: '2021-02-01', by: district };
    given(grid, closed('g-7', 'grid')).when(admit).thenRefuses('grid-closed');
    given(grid, admitted('h-1')).when(admit).then(admitted('h-1', '2021-02-01'));
    given(cuizhuyuan).when(admit).thenRefuses('not-a-grid');
  });

  test('a district, the root of the tree, is not closed', () => {
    given(created('lengshuitan', 'district', null))
      .when(close())
      .thenRefuses('district-root');
  });

  test('a node that was never created cannot be closed', () => {
    given().when(close()).thenRefuses('unknown-region');
  });

  test('closing again on the same date changes nothing (a retried request)', () => {
    given(cuizhuyuan, closed('cuizhuyuan', 'community')).when(close()).thenNothing();
  });

  test('closing again on another date is refused', () => {
    given(cuizhuyuan, closed('cuizhuyuan', 'community'))
      .when(close({ on: '2021-02-01' }))
      .thenRefuses('region-closed');
  });

  test('a close taking effect before the node’s last change is refused', () => {
    given(cuizhuyuan, {
      type: 'grid-records.region.renamed',
      data: { regionId: 'cuizhuyuan', from: 'a', to: 'b', on: '2021-03-01', by: district },
      occurredAt: '2021-03-01',
    })
      .when(close())
      .thenRefuses('date-out-of-order');
  });

  test('a merge names an open node of the same level, not itself', () => {
    given(cuizhuyuan)
      .when(close({ mergedInto: 'cuizhuyuan', mergeTarget: { level: 'community', closed: false, openedOn: '2019-01-01' } }))
      .thenRefuses('merge-into-self');
    given(cuizhuyuan)
      .when(close({ mergedInto: 'nowhere' }))
      .thenRefuses('merge-target-unknown');
    given(cuizhuyuan)
      .when(close({ mergedInto: 'lingyun', mergeTarget: { level: 'community', closed: true, openedOn: '2019-01-01' } }))
      .thenRefuses('merge-target-closed');
    given(cuizhuyuan)
      .when(close({ mergedInto: 'g-1', mergeTarget: { level: 'grid', closed: false, openedOn: '2019-01-01' } }))
      .thenRefuses('merge-target-level');
  });

  test('grid workers still assigned end the day before the grid closes; ended assignments stay as they were', () => {
    given(cuizhuyuan, grid)
      .when(
        close({
          workers: [
            { workerId: 'worker-li', from: '2020-03-01', until: null },
            { workerId: 'worker-zhao', from: '2020-03-01', until: '2021-06-30' },
            { workerId: 'worker-old', from: '2020-01-01', until: '2020-02-29' },
          ],
        }),
      )
      .thenMatches(
        like<RegionEvent>({
          data: {
            regionId: 'g-7',
            level: 'grid',
            on: '2021-01-01',
            reason: '区划调整: 并入凌云社区',
            workersEnded: [
              { workerId: 'worker-li', from: '2020-03-01', until: '2020-12-31' },
              { workerId: 'worker-zhao', from: '2020-03-01', until: '2020-12-31' },
            ],
            by: district,
          },
        }),
      );
  });

  test('a worker assignment that only starts on or after the closing date blocks it', () => {
    given(cuizhuyuan, grid)
      .when(close({ workers: [{ workerId: 'worker-new', from: '2021-01-01', until: null }] }))
      .thenRefuses('worker-assigned-after-closing');
  });

  test('a closed grid refuses rename, move and new grid workers', () => {
    given(cuizhuyuan, grid, closed('g-7', 'grid'))
      .when({ type: 'rename', name: '新名', on: '2021-02-01', by: township })
      .thenRefuses('region-closed');
    given(cuizhuyuan, grid, closed('g-7', 'grid'))
      .when({
        type: 'move',
        toParentId: 'lingyun',
        toParent: { level: 'community', closed: false, openedOn: '2019-01-01' },
        change: 'merge',
        on: '2021-02-01',
        by: district,
      })
      .thenRefuses('region-closed');
    specFor(gridRosterDecider)()
      .when({
        type: 'assign',
        gridId: 'g-7',
        workerId: 'worker-li',
        from: '2021-02-01',
        node: { level: 'grid', closed: true, openedOn: '2019-01-01' },
        by: township,
      })
      .thenRefuses('parent-closed');
  });

  test('a closed node takes no new child nodes', () => {
    given()
      .when({
        type: 'create',
        regionId: 'mg-1',
        level: 'micro-grid',
        name: '微网格',
        parentId: 'g-7',
        parent: { level: 'grid', closed: true, openedOn: '2019-01-01' },
        on: '2021-02-01',
        by: district,
      })
      .thenRefuses('parent-closed');
  });

  test('the folded node is closed from its date', () => {
    given(cuizhuyuan, closed('cuizhuyuan', 'community')).thenState({ status: 'closed', closedOn: '2021-01-01' });
  });
});
