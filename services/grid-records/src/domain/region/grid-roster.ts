import { refused, type Decider } from '@grid/platform/decider';
import { overlaps, type IsoDate } from '../shared/dates';
import { evt } from '../shared/events';
import { checkPlanned } from '../shared/horizon';
import { GRID_LEVELS } from './levels';
import type { Assignment, GridRosterCommand, GridRosterEvent, GridRosterState } from './types';

/** 网格员 roster of one grid or micro-grid, stream `grid-<gridId>`. Days are inclusive; until null = open-ended. */
export function decideRoster(cmd: GridRosterCommand, s: GridRosterState): GridRosterEvent[] {
  switch (cmd.type) {
    case 'assign': {
      if (!GRID_LEVELS.includes(cmd.node.level)) {
        throw refused('not-a-grid', `grid workers are assigned to grids and micro-grids, not to a ${cmd.node.level}`, { field: 'gridId' });
      }
      if (cmd.node.closed) throw refused('parent-closed', 'the grid is closed', { field: 'gridId' });
      checkPlanned(cmd.from, cmd.horizon, 'from');
      if (cmd.from < cmd.node.openedOn)
        throw refused('before-region-opened', `the grid was set up on ${cmd.node.openedOn}: nobody works in it before`, { field: 'from' });
      const until = cmd.until ?? null;
      if (until !== null && until < cmd.from)
        throw refused('end-before-start', 'an assignment ends on or after it starts', { field: 'until' });
      const clash = s.assignments.find((a) => a.workerId === cmd.workerId && overlaps(a, { from: cmd.from, until }));
      if (clash) {
        throw refused(
          'assignment-overlaps',
          `worker ${cmd.workerId} is already assigned here from ${clash.from}${clash.until ? ` to ${clash.until}` : ''}`,
          {
            field: 'from',
          },
        );
      }
      return [
        evt(
          'grid-records.grid.worker-assigned',
          { gridId: cmd.gridId, workerId: cmd.workerId, from: cmd.from, until, by: cmd.by },
          cmd.from,
        ),
      ];
    }
    case 'unassign': {
      checkPlanned(cmd.until, cmd.horizon, 'until');
      const current = s.assignments.find(
        (a) => a.workerId === cmd.workerId && (a.until === null || a.until >= cmd.until) && a.from <= cmd.until,
      );
      if (!current) throw refused('not-assigned', `worker ${cmd.workerId} is not assigned here on ${cmd.until}`, { field: 'workerId' });
      if (current.until === cmd.until) return [];
      return [
        evt(
          'grid-records.grid.worker-unassigned',
          { gridId: s.gridId!, workerId: cmd.workerId, from: current.from, until: cmd.until, by: cmd.by },
          cmd.until,
        ),
      ];
    }
  }
}

export function evolveRoster(s: GridRosterState, e: GridRosterEvent): GridRosterState {
  switch (e.type) {
    case 'grid-records.grid.worker-assigned':
      return {
        gridId: e.data.gridId,
        assignments: [...s.assignments, { workerId: e.data.workerId, from: e.data.from, until: e.data.until }],
      };
    case 'grid-records.grid.worker-unassigned':
      return {
        ...s,
        assignments: s.assignments.map((a) =>
          a.workerId === e.data.workerId && a.from === e.data.from ? { ...a, until: e.data.until } : a,
        ),
      };
  }
}

export const gridRosterDecider: Decider<GridRosterCommand, GridRosterEvent, GridRosterState> = {
  initialState: { gridId: null, assignments: [] },
  decide: decideRoster,
  evolve: evolveRoster,
};

/** Is the worker on this grid's roster on that day? (authz: 网格员 act only inside their own grids). */
export const isAssignedOn = (assignments: readonly Assignment[], workerId: string, on: IsoDate): boolean =>
  assignments.some((a) => a.workerId === workerId && a.from <= on && (a.until === null || on <= a.until));
