import { refused, type Decider } from '@grid/platform/decider';
import { evt } from '../shared/events';
import { checkPlanned } from '../shared/horizon';
import type { IsoDate } from '../shared/dates';
import { HIERARCHY_SOURCE, parentLevelOf } from './levels';
import type { ParentFacts, RegionCommand, RegionEvent, RegionState } from './types';
import type { RegionLevel } from '@grid/contracts';
import { evolveRegion, initialRegion } from './evolve';
import { decideAdmission } from './admission';
import { decideClose } from './close';

function checkParent(level: RegionLevel, parent: ParentFacts | undefined, field: string, on: IsoDate): void {
  const expected = parentLevelOf(level);
  if (!parent) throw refused('parent-unknown', 'the parent node is not in the region register', { field });
  if (parent.level !== expected) {
    throw refused('level-skip', `a ${level} sits directly under a ${expected}, not under a ${parent.level}`, {
      source: HIERARCHY_SOURCE,
      field,
    });
  }
  if (parent.closed) throw refused('parent-closed', 'the parent node is closed', { field });
  if (on < parent.openedOn)
    throw refused('before-region-opened', `${field} was set up on ${parent.openedOn}: nothing takes effect under it before`, { field: 'on' });
}

/** Region node (区划/网格节点), stream `region-<regionId>`; closing is in close.ts. */
export function decideRegion(cmd: RegionCommand, s: RegionState): RegionEvent[] {
  if (cmd.type === 'create') {
    if (s.status !== 'none') throw refused('already-exists', `region ${s.regionId} already exists`);
    checkPlanned(cmd.on, cmd.horizon, 'on');
    if (cmd.level === 'district') {
      if (cmd.parentId !== null) throw refused('district-has-no-parent', 'a district is the root of the tree', { field: 'parentId' });
    } else {
      if (cmd.parentId === null) throw refused('parent-required', `a ${cmd.level} needs a parent`, { field: 'parentId' });
      checkParent(cmd.level, cmd.parent, 'parentId', cmd.on);
    }
    const { type: _t, parent: _p, horizon: _h, ...data } = cmd;
    return [evt('grid-records.region.created', data, cmd.on)];
  }
  if (s.status === 'none') throw refused('unknown-region', 'no such region node');
  if (cmd.type === 'close') return decideClose(cmd, s);
  if (cmd.type === 'admit' || cmd.type === 'withdraw-admission') return decideAdmission(cmd, s);
  if (s.status === 'closed') throw refused('region-closed', `region ${s.regionId} was closed on ${s.closedOn}`);
  checkPlanned(cmd.on, cmd.horizon, 'on');
  if (cmd.on < s.lastChangeOn) {
    throw refused('date-out-of-order', `changes to this node take effect on or after ${s.lastChangeOn}`, { field: 'on' });
  }
  switch (cmd.type) {
    case 'rename':
      if (cmd.name === s.name) return [];
      return [evt('grid-records.region.renamed', { regionId: s.regionId, from: s.name, to: cmd.name, on: cmd.on, by: cmd.by }, cmd.on)];
    case 'move':
      if (s.level === 'district') throw refused('district-has-no-parent', 'a district cannot move', { field: 'toParentId' });
      if (cmd.toParentId === s.parentId) throw refused('same-parent', 'the node is already under that parent', { field: 'toParentId' });
      checkParent(s.level, cmd.toParent, 'toParentId', cmd.on);
      return [
        evt(
          'grid-records.region.moved',
          {
            regionId: s.regionId,
            level: s.level,
            fromParentId: s.parentId!,
            toParentId: cmd.toParentId,
            on: cmd.on,
            change: cmd.change,
            by: cmd.by,
          },
          cmd.on,
        ),
      ];
  }
}

export const regionDecider: Decider<RegionCommand, RegionEvent, RegionState> = {
  initialState: initialRegion,
  decide: decideRegion,
  evolve: evolveRegion,
};
