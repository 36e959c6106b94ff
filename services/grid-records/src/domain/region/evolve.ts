import type { RegionEvent, RegionState } from './types';

export const initialRegion: RegionState = {
  status: 'none',
  regionId: '',
  level: 'district',
  name: '',
  parentId: null,
  parents: [],
  lastChangeOn: '0000-01-01',
  closedOn: null,
  admitted: [],
};

export function evolveRegion(s: RegionState, e: RegionEvent): RegionState {
  switch (e.type) {
    case 'grid-records.region.created':
      return {
        status: 'open',
        regionId: e.data.regionId,
        level: e.data.level,
        name: e.data.name,
        parentId: e.data.parentId,
        parents: [{ from: e.data.on, parentId: e.data.parentId }],
        lastChangeOn: e.data.on,
        closedOn: null,
        admitted: [],
      };
    case 'grid-records.region.renamed':
      return { ...s, name: e.data.to, lastChangeOn: e.data.on };
    case 'grid-records.region.moved':
      return {
        ...s,
        parentId: e.data.toParentId,
        parents: [...s.parents, { from: e.data.on, parentId: e.data.toParentId }],
        lastChangeOn: e.data.on,
      };
    case 'grid-records.region.closed':
      return { ...s, status: 'closed', closedOn: e.data.on, lastChangeOn: e.data.on };
    case 'grid-records.region.household-admitted':
      return s.admitted.includes(e.data.householdId) ? s : { ...s, admitted: [...s.admitted, e.data.householdId] };
    case 'grid-records.region.household-admission-withdrawn':
      return { ...s, admitted: s.admitted.filter((id) => id !== e.data.householdId) };
  }
}
