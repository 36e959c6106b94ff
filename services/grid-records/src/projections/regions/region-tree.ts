import { liveOnly, type DocumentStore } from '@grid/platform';
import type { RegionScopeResolver } from '@grid/platform/http';
import { GRID_LEVELS, isAssignedOn, type IsoDate } from '../../domain';
import { REGIONS, levelKey, type RegionNode } from './regions.projection';

type Node = RegionNode & { _id: string; _deleted?: true };

/** Queries on the `regions` read model; also the platform's scope port (RegionScope and ScopeGuard ask it). */
export class RegionTree implements RegionScopeResolver {
  constructor(private readonly documents: DocumentStore) {}

  private get nodes() {
    return this.documents.collection<Node>(REGIONS);
  }

  async node(regionId: string): Promise<RegionNode | null> {
    const n = await this.nodes.get(regionId);
    return n && !n._deleted ? n : null;
  }

  /** Nodes directly under a node, in id order (a community has tens of grids, not thousands); closed ones on request. */
  children(regionId: string, options: { includeClosed?: boolean } = {}): Promise<RegionNode[]> {
    return this.nodes.find(liveOnly({ parentId: regionId, ...(options.includeClosed ? {} : { status: 'open' }) }));
  }

  /** The node's ancestors, root first, as nodes (for showing where a household lies). */
  async ancestry(regionId: string): Promise<RegionNode[]> {
    const node = await this.node(regionId);
    if (!node) return [];
    const ancestors = await Promise.all(node.path.map((id) => this.node(id)));
    return [...ancestors.filter((n): n is RegionNode => n !== null), node];
  }

  /** Every grid and micro-grid at or under a node: where its households are registered. */
  async gridsUnder(regionId: string): Promise<string[]> {
    const node = await this.node(regionId);
    if (!node) return [];
    const grids = await this.nodes.find(liveOnly({ [`at.${levelKey(node.level)}`]: regionId, level: { $in: [...GRID_LEVELS] } }));
    return grids.map((g) => g.regionId);
  }

  /**
   * Is the worker on the roster, on that day, of every one of these grids: of the grid itself or, for a micro-grid,
   * of the grid it lies in? Unknown nodes and an empty list are served by nobody (fail closed).
   */
  async servesAll(workerId: string, gridIds: readonly string[], on: IsoDate): Promise<boolean> {
    if (gridIds.length === 0) return false;
    const serves = async (gridId: string): Promise<boolean> => {
      const node = await this.node(gridId);
      if (!node || !GRID_LEVELS.includes(node.level)) return false;
      if (isAssignedOn(node.workers, workerId, on)) return true;
      const grid = node.level === 'micro-grid' && node.at.grid ? await this.node(node.at.grid) : null;
      return grid !== null && isAssignedOn(grid.workers, workerId, on);
    };
    for (const gridId of new Set(gridIds)) if (!(await serves(gridId))) return false;
    return true;
  }

  /** Is the node one of the scope ids or below one of them? Unknown nodes are in no scope (fail closed). */
  async isWithin(regionId: string, scopeIds: readonly string[]): Promise<boolean> {
    const node = await this.node(regionId);
    if (!node) return false;
    return scopeIds.includes(regionId) || node.path.some((id) => scopeIds.includes(id));
  }
}
