import { CommandHandler, newId, refused, settled, type CommandContext, type EventStore, type ReadModelSync, type WriteResult } from '@grid/platform';
import type { RegionLevel } from '@grid/contracts';
import {
  GRID_LEVELS,
  gridRosterDecider,
  regionDecider,
  rosterAtClosing,
  type GridRosterCommand,
  type GridRosterEvent,
  type GridRosterState,
  type IsoDate,
  type ParentFacts,
  type RegionCommand,
  type RegionEvent,
  type RegionState,
} from '../../domain';
import type { HorizonSource } from '../horizon';
import { readHousehold } from '../households/household-stream';
import { gridStream, regionStream } from '../streams';
import type { RegionOccupancy } from './region-occupancy';

export interface CreateRegion {
  parentId: string | null;
  level: RegionLevel;
  kind?: Extract<RegionCommand, { type: 'create' }>['kind'];
  name: string;
  code?: string;
  on: IsoDate;
}

export interface MoveRegion {
  toParentId: string;
  change: 'split' | 'merge' | 'reorganisation';
  on: IsoDate;
}

/** 撤销/合并: `effectiveDate` is the first day the node no longer exists. */
export interface CloseRegionInput {
  effectiveDate: IsoDate;
  reason: string;
  mergedInto?: string;
}

export interface AssignWorker {
  workerId: string;
  from: IsoDate;
  until?: IsoDate;
}

/**
 * The region tree (区 → … → 楼栋) and grid rosters. Facts about other nodes (a parent's level, whether it is
 * closed) are read from those nodes' own streams, not from the read model: they are decided on, so they must
 * be current, and a stream read is as cheap as a document read for a node with a handful of events.
 */
export class RegionCommands {
  private readonly regions: CommandHandler<RegionCommand, RegionEvent, RegionState>;
  private readonly rosters: CommandHandler<GridRosterCommand, GridRosterEvent, GridRosterState>;
  /** Ids by revision: a keyed retry admits afresh after its first attempt's admission was withdrawn. */
  private readonly admissions: CommandHandler<RegionCommand, RegionEvent, RegionState>;

  constructor(
    private readonly store: EventStore,
    private readonly sync: ReadModelSync,
    private readonly occupancy: RegionOccupancy,
    private readonly horizon: HorizonSource,
  ) {
    this.regions = new CommandHandler({ store: store, decider: regionDecider });
    this.rosters = new CommandHandler({ store: store, decider: gridRosterDecider });
    this.admissions = new CommandHandler({ store: store, decider: regionDecider, idsBy: 'revision' });
  }

  /** A node as its own stream says (null when it was never created). */
  async node(regionId: string): Promise<RegionState | null> {
    const { state } = await this.regions.load(regionStream(regionId));
    return state.status === 'none' ? null : state;
  }

  async create(input: CreateRegion, ctx: CommandContext): Promise<WriteResult> {
    const regionId = newId(ctx, 'region');
    const parent = input.parentId === null ? undefined : await this.facts(input.parentId);
    const { expectedRevision: _ignored, ...fresh } = ctx; // a new node has no version to match
    const result = await this.regions.handle(
      regionStream(regionId),
      { type: 'create', regionId, ...input, ...(parent ? { parent } : {}), by: ctx.actor, horizon: this.horizon() },
      fresh,
    );
    return settled(regionId, result, this.sync);
  }

  async rename(regionId: string, input: { name: string; on: IsoDate }, ctx: CommandContext): Promise<WriteResult> {
    const result = await this.regions.handle(regionStream(regionId), { type: 'rename', ...input, by: ctx.actor, horizon: this.horizon() }, ctx);
    return settled(regionId, result, this.sync);
  }

  /** 区划调整: a split or merge is a move of the nodes concerned under their new parent, from a date. */
  async move(regionId: string, input: MoveRegion, ctx: CommandContext): Promise<WriteResult> {
    const toParent = await this.facts(input.toParentId);
    if (!toParent) throw refused('parent-unknown', 'the new parent is not in the region register', { field: 'toParentId' });
    const result = await this.regions.handle(regionStream(regionId), { type: 'move', ...input, toParent, by: ctx.actor, horizon: this.horizon() }, ctx);
    return settled(regionId, result, this.sync);
  }

  /**
   * 撤销/合并 a node. The decision is the region stream's: the households admitted on it are looked up on their own
   * streams (each registration or transfer in is admitted there first, so a concurrent one makes this append conflict
   * and the close decide again); children and older households counted in the read models; the roster read from the
   * grid's stream. Then the grid's roster follows it: each assignment the closing ended is ended on the grid stream
   * too. A repeat of the same close is a no-op on the node and completes the roster, so a retry after a failure
   * between the two writes converges.
   */
  async close(regionId: string, input: CloseRegionInput, ctx: CommandContext): Promise<WriteResult> {
    const node = await this.node(regionId);
    if (!node) throw refused('unknown-region', 'no such region node');
    const isGrid = GRID_LEVELS.includes(node.level);
    // The read models hold every write made before this close began: households registered before admissions.
    await this.sync.reached(await this.store.headPosition());
    const [openChildren, active, roster, mergeTarget] = await Promise.all([
      this.occupancy.openChildren(regionId),
      this.occupancy.activeHouseholds(regionId, node.level),
      isGrid ? this.rosters.load(gridStream(regionId)) : null,
      input.mergedInto === undefined ? undefined : this.facts(input.mergedInto),
    ]);
    const facts = {
      type: 'close' as const,
      on: input.effectiveDate,
      reason: input.reason,
      ...(input.mergedInto === undefined ? {} : { mergedInto: input.mergedInto }),
      ...(mergeTarget ? { mergeTarget } : {}),
      openChildren,
      workers: roster?.state.assignments ?? [],
      by: ctx.actor,
      horizon: this.horizon(),
    };
    const decide = async (state: RegionState): Promise<RegionEvent[]> => {
      const households = active.filter((id) => !state.admitted.includes(id)).length;
      const departed = await this.occupancy.departed(state.admitted, regionId, node.level);
      return regionDecider.decide({ ...facts, households, departed }, state);
    };
    const withReason = { ...ctx, reason: input.reason };
    const result = await this.regions.handle(regionStream(regionId), decide, withReason, { type: 'close' });
    const closedOn = result.state.closedOn;
    const rosterPosition = isGrid && closedOn !== null ? await this.endRoster(regionId, closedOn, withReason) : 0;
    const last = Math.max(result.position ?? 0, rosterPosition);
    if (last > 0) await this.sync.reached(last);
    return { id: regionId, revision: result.revision };
  }

  /**
   * Admits a household to a grid or building on the node's stream, then runs `write` (the household's own event);
   * should that fail, each admission its household does not record is withdrawn again (best effort: one that is
   * lost keeps the node from closing, as a household on its way in would) and the error thrown.
   */
  async admitting<T>(householdId: string, nodes: { regionId: string; field: string }[], on: IsoDate, ctx: CommandContext, write: () => Promise<T>): Promise<T> {
    const { expectedRevision: _theHousehold, ...own } = ctx;
    const admitted: string[] = [];
    try {
      for (const { regionId, field } of nodes) {
        await this.admissions.handle(regionStream(regionId), { type: 'admit', householdId, field, on, by: ctx.actor }, own);
        admitted.push(regionId);
      }
      return await write();
    } catch (error) {
      const household = await readHousehold(this.store, householdId);
      const unrecorded = admitted.filter((id) => household.status !== 'active' || (household.gridId !== id && household.buildingId !== id));
      const withdraw = (regionId: string) =>
        this.admissions.handle(regionStream(regionId), { type: 'withdraw-admission', householdId, on, by: ctx.actor }, own);
      await Promise.allSettled(unrecorded.map(withdraw));
      throw error;
    }
  }

  /** Ends on the grid stream what the closing ended (read again: an assignment that slipped in is ended too). */
  private async endRoster(gridId: string, closedOn: IsoDate, ctx: CommandContext): Promise<number> {
    const { state } = await this.rosters.load(gridStream(gridId));
    const { expectedRevision: _theNode, ...rest } = ctx; // If-Match is the node's
    let position = 0;
    for (const ended of rosterAtClosing(state.assignments, closedOn).ending) {
      const result = await this.rosters.handle(
        gridStream(gridId),
        { type: 'unassign', workerId: ended.workerId, until: ended.until, by: ctx.actor },
        { ...rest, ...(ctx.idSeed ? { idSeed: newId(ctx, `close-roster:${ended.workerId}:${ended.from}`) } : {}) },
      );
      position = Math.max(position, result.position ?? 0);
    }
    return position;
  }

  /** 网格员 assignment to a grid or micro-grid, stream `grid-<gridId>`. */
  async assignWorker(gridId: string, input: AssignWorker, ctx: CommandContext): Promise<WriteResult> {
    const node = await this.facts(gridId);
    if (!node) throw refused('unknown-region', 'no such grid', { field: 'gridId' });
    const result = await this.rosters.handle(gridStream(gridId), { type: 'assign', gridId, ...input, node, by: ctx.actor, horizon: this.horizon() }, ctx);
    return settled(gridId, result, this.sync);
  }

  /** Ends a 网格员 assignment: `until` is the worker's last day on the grid (a later planned end is brought forward). */
  async endAssignment(gridId: string, workerId: string, input: { until: IsoDate }, ctx: CommandContext): Promise<WriteResult> {
    const node = await this.facts(gridId);
    if (!node || !GRID_LEVELS.includes(node.level)) throw refused('unknown-region', 'no such grid', { field: 'gridId' });
    const result = await this.rosters.handle(
      gridStream(gridId),
      { type: 'unassign', workerId, until: input.until, by: ctx.actor, horizon: this.horizon() },
      ctx,
    );
    return settled(gridId, result, this.sync);
  }

  /** Level and closed flag of a node, for deciders that check where a node may sit. */
  async facts(regionId: string): Promise<ParentFacts | undefined> {
    const state = await this.node(regionId);
    return state ? { level: state.level, closed: state.status === 'closed', openedOn: state.parents[0]!.from } : undefined;
  }

  /** Refuses unless the node is an open grid or micro-grid (households and workers live in grids); answers its facts. */
  async assertOpenGrid(gridId: string, field: string): Promise<ParentFacts> {
    const node = await this.facts(gridId);
    if (!node) throw refused('unknown-region', 'no such grid', { field });
    if (!GRID_LEVELS.includes(node.level))
      throw refused('not-a-grid', `households live in grids and micro-grids, not in a ${node.level}`, { field });
    if (node.closed) throw refused('grid-closed', 'the grid is closed', { field });
    return node;
  }
}
