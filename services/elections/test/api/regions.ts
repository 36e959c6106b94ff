import type { EventStore } from '@grid/platform';

const actor = { id: 'grid-records-test', role: 'district-official' };

/** What grid-records would have written: 区 d1 ⊃ 街道 s1 ⊃ 社区 c1, c2; d1 ⊃ 街道 s2 ⊃ 社区 c3. */
export async function appendRegions(store: EventStore): Promise<void> {
  const tree = [['d1', 'district', null], ['s1', 'street', 'd1'], ['s2', 'street', 'd1'], ['c1', 'community', 's1'], ['c2', 'community', 's1'], ['c3', 'community', 's2']] as const;
  for (const [regionId, level, parentId] of tree) {
    const data = { regionId, level, name: `测试${regionId}`, parentId, on: '2020-01-01', by: actor };
    await store.append(`region-${regionId}`, [{ type: 'grid-records.region.created', data, actor }], { expectedRevision: 'no-stream' });
  }
}

export const electionCall = (regionId: string, votingDay = '2026-06-20') => ({
  kind: 'residents-committee',
  regionId,
  term: 10,
  seats: [
    { post: 'director', seats: 1 },
    { post: 'deputy-director', seats: 1 },
    { post: 'member', seats: 3 },
  ],
  votingDay,
  stations: [{ stationId: 'st1', name: '社区活动中心投票站', kind: 'polling-station' }],
  on: '2026-04-01',
});
