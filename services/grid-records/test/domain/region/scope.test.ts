import { isWithin, treeAsOf } from '../../../src/domain/region/scope';
import type { RegionState } from '../../../src/domain/region/types';

// 冷水滩区 → 梅湾街道 → 翠竹园社区 → grid g-1 → micro-grid mg-1 → building b-1
const tree = new Map<string, string | null>([
  ['lengshuitan', null],
  ['meiwan', 'lengshuitan'],
  ['cuizhuyuan', 'meiwan'],
  ['g-1', 'cuizhuyuan'],
  ['mg-1', 'g-1'],
  ['b-1', 'mg-1'],
  ['huangyangsi', 'lengshuitan'],
]);

describe('is a node inside a scope (authz)', () => {
  test('a building is inside its grid, community, street and district', () => {
    for (const scope of ['mg-1', 'g-1', 'cuizhuyuan', 'meiwan', 'lengshuitan']) expect(isWithin(tree, 'b-1', scope)).toBe(true);
  });

  test('a node is inside its own scope', () => {
    expect(isWithin(tree, 'g-1', 'g-1')).toBe(true);
  });

  test('a grid is not inside another street', () => {
    expect(isWithin(tree, 'g-1', 'huangyangsi')).toBe(false);
  });

  test('a parent is not inside its child', () => {
    expect(isWithin(tree, 'meiwan', 'g-1')).toBe(false);
  });

  test('an unknown node is outside every other scope', () => {
    expect(isWithin(tree, 'nowhere', 'lengshuitan')).toBe(false);
  });

  test('a corrupt tree with a cycle answers no instead of looping', () => {
    expect(isWithin({ a: 'b', b: 'a' }, 'a', 'root')).toBe(false);
  });

  test('a plain object works as well as a map', () => {
    expect(isWithin({ g: 'c', c: 's', s: null }, 'g', 's')).toBe(true);
  });
});

describe('the tree as of a date', () => {
  const node = (regionId: string, parents: { from: string; parentId: string | null }[], closedOn: string | null = null): RegionState => ({
    status: closedOn ? 'closed' : 'open',
    regionId,
    level: 'community',
    name: regionId,
    parentId: parents.at(-1)!.parentId,
    parents,
    lastChangeOn: parents.at(-1)!.from,
    closedOn,
    admitted: [],
  });
  const moved = node('sqt', [
    { from: '2018-01-01', parentId: 'suburb' },
    { from: '2020-10-01', parentId: 'central' },
  ]);
  const merged = node('old', [{ from: '2018-01-01', parentId: 'central' }], '2020-12-01');

  test('a community moved in October belonged to its old street in September', () => {
    expect(treeAsOf([moved], '2020-09-30').get('sqt')).toBe('suburb');
    expect(treeAsOf([moved], '2020-10-01').get('sqt')).toBe('central');
  });

  test('a node not yet created or already closed is absent', () => {
    expect(treeAsOf([moved], '2017-12-31').has('sqt')).toBe(false);
    expect(treeAsOf([merged], '2020-11-30').has('old')).toBe(true);
    expect(treeAsOf([merged], '2020-12-01').has('old')).toBe(false);
  });
});
