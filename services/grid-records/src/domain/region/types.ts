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
  /** `field`: where the request named the node, for the refusal. */
  | { type: 'admit'; householdId: string; field: string; on: IsoDate; by: Actor }
  | { type: 'withdraw-admission'; householdId: string; on: IsoDate; by: Actor }
) &
  Dated;

/**
 * 撤销/合并 a node from `on`, its first day closed. The facts are what still lives in it: `openChildren`, counted in
 * the read model; the households admitted on the node's stream less `departed` (those whose own stream shows them
 * gone); `households`, active households the read model counts that were never admitted (registered before
 * admissions were written); `workers`, the grid's roster from its own stream; `mergeTarget`, the node named in
 * `mergedInto` as its stream says (undefined: unknown).
 */
export interface CloseRegion {
  type: 'close';
  on: IsoDate;
  reason: string;
  mergedInto?: string;
  mergeTarget?: ParentFacts;
  openChildren: number;
  households: number;
  departed: readonly string[];
  workers: readonly Assignment[];
  by: Actor;
  horizon?: Horizon;
}

export type RegionEvent =
  | EventOf<'grid-records.region.created'>
  | EventOf<'grid-records.region.renamed'>
  | EventOf<'grid-records.region.moved'>
  | EventOf<'grid-records.region.closed'>
  | EventOf<'grid-records.region.household-admitted'>
  | EventOf<'grid-records.region.household-admission-withdrawn'>;

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
  /** Households admitted to this grid or building (registered or transferred in), whether or not they left since. */
  admitted: readonly string[];
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
