import { specFor } from '@grid/platform/decider';
import { gridRosterDecider, isAssignedOn } from '../../../src/domain/region/grid-roster';
import type { GridRosterCommand, GridRosterEvent, ParentFacts } from '../../../src/domain/region/types';
import { communityOfficial, like } from '../fixtures';

const given = specFor(gridRosterDecider);
const grid: ParentFacts = { level: 'grid', closed: false, openedOn: '2019-01-01' };

const assign = (workerId: string, from: string, until?: string, node = grid): GridRosterCommand => ({
  type: 'assign',
  gridId: 'g-7',
  workerId,
  from,
  ...(until ? { until } : {}),
  node,
  by: communityOfficial,
});
const assigned = (workerId: string, from: string, until: string | null = null): GridRosterEvent => ({
  type: 'grid-records.grid.worker-assigned',
  data: { gridId: 'g-7', workerId, from, until, by: communityOfficial },
  occurredAt: from,
});

describe('grid workers (网格员) on a grid’s roster', () => {
  test('a worker is assigned to a grid from a date, open-ended', () => {
    given().when(assign('worker-li', '2020-03-01')).then(assigned('worker-li', '2020-03-01'));
  });

  test('a worker can be assigned to a micro-grid', () => {
    given()
      .when(assign('worker-li', '2020-03-01', undefined, { level: 'micro-grid', closed: false, openedOn: '2019-01-01' }))
      .thenMatches(like({ type: 'grid-records.grid.worker-assigned' }));
  });

  test('assigning a worker to a community rather than a grid is refused', () => {
    given()
      .when(assign('worker-li', '2020-03-01', undefined, { level: 'community', closed: false, openedOn: '2019-01-01' }))
      .thenRefuses('not-a-grid');
  });

  test('assigning a worker to a closed grid is refused', () => {
    given()
      .when(assign('worker-li', '2020-03-01', undefined, { level: 'grid', closed: true, openedOn: '2019-01-01' }))
      .thenRefuses('parent-closed');
  });

  test('an assignment that ends before it starts is refused', () => {
    given()
      .when(assign('worker-li', '2020-03-01', '2020-02-01'))
      .thenRefuses('end-before-start');
  });

  test('assigning the same worker again while the first assignment runs is refused', () => {
    given(assigned('worker-li', '2020-03-01')).when(assign('worker-li', '2020-06-01')).thenRefuses('assignment-overlaps');
  });

  test('a fixed-term assignment that overlaps a later one by a single day is refused', () => {
    given(assigned('worker-li', '2020-07-01'))
      .when(assign('worker-li', '2020-03-01', '2020-07-01'))
      .thenRefuses('assignment-overlaps');
  });

  test('the same worker can be assigned again after the first assignment ended', () => {
    given(assigned('worker-li', '2020-03-01', '2020-05-31'))
      .when(assign('worker-li', '2020-06-01'))
      .thenMatches(like({ data: { from: '2020-06-01' } }));
  });

  test('two different workers can share a grid', () => {
    given(assigned('worker-li', '2020-03-01'))
      .when(assign('worker-zhao', '2020-03-01'))
      .thenMatches(like({ data: { workerId: 'worker-zhao' } }));
  });

  test('unassigning ends the running assignment on its last day', () => {
    given(assigned('worker-li', '2020-03-01'))
      .when({ type: 'unassign', workerId: 'worker-li', until: '2020-12-31', by: communityOfficial })
      .then({
        type: 'grid-records.grid.worker-unassigned',
        data: { gridId: 'g-7', workerId: 'worker-li', from: '2020-03-01', until: '2020-12-31', by: communityOfficial },
        occurredAt: '2020-12-31',
      });
  });

  test('unassigning a worker who is not on the roster that day is refused', () => {
    given(assigned('worker-li', '2020-03-01', '2020-05-31'))
      .when({ type: 'unassign', workerId: 'worker-li', until: '2020-07-01', by: communityOfficial })
      .thenRefuses('not-assigned');
  });

  test('the roster answers who may act in the grid on a day', () => {
    const roster = [{ workerId: 'worker-li', from: '2020-03-01', until: '2020-05-31' }];
    expect(isAssignedOn(roster, 'worker-li', '2020-05-31')).toBe(true);
    expect(isAssignedOn(roster, 'worker-li', '2020-06-01')).toBe(false);
    expect(isAssignedOn(roster, 'worker-zhao', '2020-04-01')).toBe(false);
  });
});
