import { refused } from '@grid/platform/decider';
import { addDays, type IsoDate } from '../shared/dates';
import { evt } from '../shared/events';
import { checkPlanned } from '../shared/horizon';
import { HIERARCHY_SOURCE } from './levels';
import type { Assignment, CloseRegion, RegionEvent, RegionState } from './types';

/** Where the closing rules come from: a node is emptied by 区划调整 (moves, transfers) before it is 撤销. */
export const CLOSING_SOURCE = `${HIERARCHY_SOURCE}; seed 002 区划调整 (203 → 204 communities)`;

/**
 * What a closing on `closedOn` does to a grid's roster: assignments still running that day end the day before
 * (their last day in the grid); assignments that only start on or after it cannot be ended and block the close.
 */
export function rosterAtClosing(
  assignments: readonly Assignment[],
  closedOn: IsoDate,
): { ending: { workerId: string; from: IsoDate; until: IsoDate }[]; later: Assignment[] } {
  const lastDay = addDays(closedOn, -1);
  return {
    ending: assignments
      .filter((a) => a.from < closedOn && (a.until === null || a.until >= closedOn))
      .map((a) => ({ workerId: a.workerId, from: a.from, until: lastDay })),
    later: assignments.filter((a) => a.from >= closedOn),
  };
}

/**
 * 撤销/合并 a region node. Rules, in the order an office would check them: the district is the root and stays; a
 * repeat of the same close (same date) changes nothing, another date is refused; the date follows the node's last
 * change; a merge names an open node of the same level; nothing may still live in the node (open child nodes,
 * households admitted and not departed, or active: move and transfer them first); grid workers assigned past the
 * date end the day before.
 */
export function decideClose(cmd: CloseRegion, s: RegionState): RegionEvent[] {
  if (s.level === 'district')
    throw refused('district-root', 'a district is the root of the region tree and is not closed here', { source: HIERARCHY_SOURCE });
  if (s.status === 'closed') {
    if (s.closedOn === cmd.on) return [];
    throw refused('region-closed', `region ${s.regionId} was already closed on ${s.closedOn}`, { field: 'effectiveDate' });
  }
  checkPlanned(cmd.on, cmd.horizon, 'effectiveDate');
  if (cmd.on < s.lastChangeOn)
    throw refused('date-out-of-order', `changes to this node take effect on or after ${s.lastChangeOn}`, { field: 'effectiveDate' });
  if (cmd.mergedInto !== undefined) checkMergeTarget(cmd, s);
  if (cmd.openChildren > 0) {
    throw refused('has-children', `${cmd.openChildren} open node(s) are still under this one: move them (区划调整) or close them first`, {
      source: CLOSING_SOURCE,
    });
  }
  const households = cmd.households + s.admitted.filter((id) => !cmd.departed.includes(id)).length;
  if (households > 0) {
    throw refused(
      'has-households',
      `${households} household(s) are still registered here: transfer them to another grid first (户迁移)`,
      { source: CLOSING_SOURCE },
    );
  }
  const { ending, later } = rosterAtClosing(cmd.workers, cmd.on);
  if (later.length > 0) {
    throw refused(
      'worker-assigned-after-closing',
      `${later.length} grid worker assignment(s) start on or after ${cmd.on}: end or move them first`,
      { field: 'effectiveDate' },
    );
  }
  return [
    evt(
      'grid-records.region.closed',
      {
        regionId: s.regionId,
        level: s.level,
        on: cmd.on,
        ...(cmd.mergedInto !== undefined ? { mergedInto: cmd.mergedInto } : {}),
        reason: cmd.reason,
        workersEnded: ending,
        by: cmd.by,
      },
      cmd.on,
    ),
  ];
}

function checkMergeTarget(cmd: CloseRegion, s: RegionState): void {
  const field = 'mergedInto';
  if (cmd.mergedInto === s.regionId) throw refused('merge-into-self', 'a node is not merged into itself', { field });
  if (!cmd.mergeTarget) throw refused('merge-target-unknown', 'the node merged into is not in the region register', { field });
  if (cmd.mergeTarget.closed) throw refused('merge-target-closed', 'the node merged into is closed', { field });
  if (cmd.mergeTarget.level !== s.level) {
    throw refused('merge-target-level', `a ${s.level} merges into another ${s.level}, not into a ${cmd.mergeTarget.level}`, {
      source: HIERARCHY_SOURCE,
      field,
    });
  }
}
