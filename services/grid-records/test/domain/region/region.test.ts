import { specFor } from '@grid/platform/decider';
import { regionDecider } from '../../../src/domain/region/decide';
import type { RegionCommand, RegionEvent } from '../../../src/domain/region/types';
import { district, like, township } from '../fixtures';

const given = specFor(regionDecider);

const created = (
  regionId: string,
  level: 'district' | 'street' | 'community' | 'grid',
  parentId: string | null,
  name = regionId,
  on = '2020-01-01',
): RegionEvent => ({
  type: 'grid-records.region.created',
  data: { regionId, level, name, parentId, on, by: district },
  occurredAt: on,
});
const cuizhuyuan = created('cuizhuyuan', 'community', 'meiwan', '翠竹园社区');
const open = (level: 'district' | 'street' | 'community' | 'grid' | 'micro-grid' | 'building') => ({ level, closed: false, openedOn: '2019-01-01' });

const create = (over: Partial<Extract<RegionCommand, { type: 'create' }>>): RegionCommand => ({
  type: 'create',
  regionId: 'n',
  level: 'community',
  name: 'n',
  parentId: 'meiwan',
  parent: open('street'),
  on: '2020-01-01',
  by: district,
  ...over,
});

describe('the region tree: district → street/township → community/village → grid → micro-grid → building', () => {
  test('a district is created as the root of the tree', () => {
    given()
      .when(
        create({
          regionId: 'lengshuitan',
          level: 'district',
          kind: 'district',
          name: '冷水滩区',
          parentId: null,
          parent: undefined,
          code: '431103',
        }),
      )
      .then({
        type: 'grid-records.region.created',
        data: {
          regionId: 'lengshuitan',
          level: 'district',
          kind: 'district',
          name: '冷水滩区',
          code: '431103',
          parentId: null,
          on: '2020-01-01',
          by: district,
        },
        occurredAt: '2020-01-01',
      });
  });

  test('a village is created under a township', () => {
    given()
      .when(create({ regionId: 'dawan', kind: 'village', name: '大湾村', parentId: 'huangyangsi', parent: open('street') }))
      .thenMatches(
        like({
          type: 'grid-records.region.created',
          data: { regionId: 'dawan', level: 'community', kind: 'village', parentId: 'huangyangsi' },
        }),
      );
  });

  test('a micro-grid is created under a grid, and a building under a micro-grid', () => {
    given()
      .when(create({ regionId: 'mg-1', level: 'micro-grid', parentId: 'g-1', parent: open('grid') }))
      .thenMatches(like({ data: { level: 'micro-grid' } }));
    given()
      .when(create({ regionId: 'b-3', level: 'building', parentId: 'mg-1', parent: open('micro-grid') }))
      .thenMatches(like({ data: { level: 'building' } }));
  });

  test('a district with a parent is refused', () => {
    given()
      .when(create({ level: 'district', parentId: 'x', parent: open('district') }))
      .thenRefuses('district-has-no-parent');
  });

  test('a community without a parent is refused', () => {
    given()
      .when(create({ parentId: null }))
      .thenRefuses('parent-required');
  });

  test('a grid directly under a street, skipping the community level, is refused', () => {
    given()
      .when(create({ level: 'grid', parentId: 'meiwan', parent: open('street') }))
      .thenRefuses('level-skip');
  });

  test('a node under a parent the register does not know is refused', () => {
    given()
      .when(create({ parent: undefined }))
      .thenRefuses('parent-unknown');
  });

  test('a node under a closed parent is refused', () => {
    given()
      .when(create({ parent: { level: 'street', closed: true, openedOn: '2019-01-01' } }))
      .thenRefuses('parent-closed');
  });

  test('creating the same node twice is refused', () => {
    given(cuizhuyuan)
      .when(create({ regionId: 'cuizhuyuan' }))
      .thenRefuses('already-exists');
  });

  test('renaming a community records the old and new names', () => {
    given(cuizhuyuan)
      .when({ type: 'rename', name: '翠竹园新社区', on: '2020-06-01', by: district })
      .then({
        type: 'grid-records.region.renamed',
        data: { regionId: 'cuizhuyuan', from: '翠竹园社区', to: '翠竹园新社区', on: '2020-06-01', by: district },
        occurredAt: '2020-06-01',
      });
  });

  test('renaming to the same name changes nothing', () => {
    given(cuizhuyuan).when({ type: 'rename', name: '翠竹园社区', on: '2020-06-01', by: district }).thenNothing();
  });

  test('a node that does not exist cannot be renamed', () => {
    given().when({ type: 'rename', name: 'x', on: '2020-06-01', by: district }).thenRefuses('unknown-region');
  });

  test('a suburban community moves into another street from its effective date (seed 002: six communities into the central area)', () => {
    given(cuizhuyuan)
      .when({ type: 'move', toParentId: 'central', toParent: open('street'), change: 'reorganisation', on: '2020-10-01', by: district })
      .then({
        type: 'grid-records.region.moved',
        data: {
          regionId: 'cuizhuyuan',
          level: 'community',
          fromParentId: 'meiwan',
          toParentId: 'central',
          on: '2020-10-01',
          change: 'reorganisation',
          by: district,
        },
        occurredAt: '2020-10-01',
      });
  });

  test('moving a community under a grid is refused', () => {
    given(cuizhuyuan)
      .when({ type: 'move', toParentId: 'g-1', toParent: open('grid'), change: 'split', on: '2020-10-01', by: district })
      .thenRefuses('level-skip');
  });

  test('moving a node to the parent it already has is refused', () => {
    given(cuizhuyuan)
      .when({ type: 'move', toParentId: 'meiwan', toParent: open('street'), change: 'split', on: '2020-10-01', by: district })
      .thenRefuses('same-parent');
  });

  test('a district cannot move', () => {
    given(created('lengshuitan', 'district', null))
      .when({ type: 'move', toParentId: 'x', toParent: open('district'), change: 'merge', on: '2020-10-01', by: district })
      .thenRefuses('district-has-no-parent');
  });

  test('a change taking effect before the previous change is refused', () => {
    given(cuizhuyuan, {
      type: 'grid-records.region.renamed',
      data: { regionId: 'cuizhuyuan', from: 'a', to: 'b', on: '2020-06-01', by: district },
      occurredAt: '2020-06-01',
    })
      .when({ type: 'move', toParentId: 'central', toParent: open('street'), change: 'split', on: '2020-05-01', by: district })
      .thenRefuses('date-out-of-order');
  });

  test('a closed node refuses further changes', () => {
    given(cuizhuyuan, {
      type: 'grid-records.region.closed',
      data: { regionId: 'cuizhuyuan', level: 'community', on: '2021-01-01', by: district },
      occurredAt: '2021-01-01',
    })
      .when({ type: 'rename', name: 'x', on: '2021-02-01', by: township })
      .thenRefuses('region-closed');
  });

  test('the folded node keeps its parent history', () => {
    given(cuizhuyuan, {
      type: 'grid-records.region.moved',
      data: {
        regionId: 'cuizhuyuan',
        level: 'community',
        fromParentId: 'meiwan',
        toParentId: 'central',
        on: '2020-10-01',
        change: 'reorganisation',
        by: district,
      },
      occurredAt: '2020-10-01',
    }).thenState({
      parentId: 'central',
      parents: [
        { from: '2020-01-01', parentId: 'meiwan' },
        { from: '2020-10-01', parentId: 'central' },
      ],
    });
  });
});
