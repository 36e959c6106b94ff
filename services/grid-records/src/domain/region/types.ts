import type { RegionLevel, regionCreated } from '@grid/contracts';
import type { IsoDate } from '../shared/dates';
import type { Horizon } from '../shared/horizon';
import type { Actor, DataOf, EventOf } from '../shared/events';

/** What the application layer read about a parent node from the region read model. */
export interface ParentFacts {
  level: RegionLevel;
  closed: boolean;
  /** The node's first day: nothing under it takes effect before. */
  openedOn: IsoDate;
}

/** Today and the configured lead (shared/horizon.ts); absent in rule tests that are not about the calendar. */
interface Dated {
  horizon?: Horizon;
}

export type RegionCommand = (
  | {
      type: 'create';
      regionId: string;
      level: RegionLevel;
      kind?: DataOf<typeof regionCreated>['kind'];
      name: string;
      code?: string;
      parentId: string | null;
      parent?: ParentFacts;
      on: IsoDate;
      by: Actor;
    }
  | { type: 'rename'; name: string; on: IsoDate; by: Actor }
  | { type: 'move'; toParentId: string; toParent: ParentFacts; change: 'split' | 'merge' | 'reorganisation'; on: IsoDate; by: Actor }
  | CloseRegion
) &
  Dated;

/**
 * 撤销/合并 a node from `on`, its first day closed. The facts are what still lives in it: `openChildren` and
 * `households` (active households registered in it), counted in the read models; `workers`, the grid's roster
 * from its own stream; `mergeTarget`, the node named in `mergedInto` as its stream says (undefined: unknown).
 */
export interface CloseRegion {
  type: 'close';
  on: IsoDate;
  reason: string;
  mergedInto?: string;
  mergeTarget?: ParentFacts;
  openChildren: number;
  households: number;
  workers: readonly Assignment[];
  by: Actor;
  horizon?: Horizon;
}

export type RegionEvent =
  | EventOf<'grid-records.region.created'>
  | EventOf<'grid-records.region.renamed'>
  | EventOf<'grid-records.region.moved'>
  | EventOf<'grid-records.region.closed'>;

export interface RegionState {
  status: 'none' | 'open' | 'closed';
  regionId: string;
  level: RegionLevel;
  name: string;
  parentId: string | null;
  /** Parent history, so the tree can be read as of any date (split/merge are history too). */
  parents: { from: IsoDate; parentId: string | null }[];
  /** Date of the latest change: later changes may not take effect before it. */
  lastChangeOn: IsoDate;
  closedOn: IsoDate | null;
}

export type GridRosterCommand = (
  | { type: 'assign'; gridId: string; workerId: string; from: IsoDate; until?: IsoDate; node: ParentFacts; by: Actor }
  | { type: 'unassign'; workerId: string; until: IsoDate; by: Actor }
) &
  Dated;

export type GridRosterEvent = EventOf<'grid-records.grid.worker-assigned'> | EventOf<'grid-records.grid.worker-unassigned'>;

export interface Assignment {
  workerId: string;
  from: IsoDate;
  until: IsoDate | null;
}

export interface GridRosterState {
  gridId: string | null;
  assignments: Assignment[];
}
