import { refused } from '@grid/platform/decider';
import { evt } from '../shared/events';
import { GRID_LEVELS } from './levels';
import type { RegionCommand, RegionEvent, RegionState } from './types';

type Admission = Extract<RegionCommand, { type: 'admit' | 'withdraw-admission' }>;

/**
 * A household enters a grid, micro-grid or building only while it is open, decided on the node's own stream: a
 * close appends to the same stream, so of the two, the later one decides on the other (README "Closing a node").
 * Every admission is written, a household coming back included, so that it always meets a concurrent close.
 */
export function decideAdmission(cmd: Admission, s: RegionState): RegionEvent[] {
  const { householdId, on, by } = cmd;
  if (cmd.type === 'withdraw-admission') {
    if (!s.admitted.includes(householdId)) return [];
    return [evt('grid-records.region.household-admission-withdrawn', { regionId: s.regionId, householdId, by }, on)];
  }
  const { field } = cmd;
  if (s.level !== 'building' && !GRID_LEVELS.includes(s.level))
    throw refused('not-a-grid', `households live in grids, micro-grids and buildings, not in a ${s.level}`, { field });
  if (s.status === 'closed') {
    const rule = s.level === 'building' ? 'building-closed' : 'grid-closed';
    throw refused(rule, `${s.level} ${s.regionId} was closed on ${s.closedOn}`, { field });
  }
  return [evt('grid-records.region.household-admitted', { regionId: s.regionId, householdId, on, by }, on)];
}
