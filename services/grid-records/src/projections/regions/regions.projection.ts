import { REGION_LEVELS, type GridRecordsEvent, type TypedEnvelope, type RegionLevel } from '@grid/contracts';
import { liveOnly, type DocumentStore, type Projection, type ProjectionContext, type ReadModel } from '@grid/platform';
import type { Assignment, IsoDate } from '../../domain';
import { aggregateIdOf } from '../../application/streams';

export const REGIONS = 'regions';

/** Level names as document fields (field names are plain identifiers: `micro-grid` → `microGrid`). */
export const levelKey = (level: RegionLevel): string => level.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** A node's ancestors and itself, one per level (each level sits exactly one below its parent's). */
export type LevelIds = Partial<Record<string, string>>;

export type RegionNode = {
  regionId: string;
  level: RegionLevel;
  kind: string | null;
  name: string;
  code: string | null;
  parentId: string | null;
  /** Ancestor ids, root first, parent last: a scope check is one read. */
  path: string[];
  /** `at.community` = the community this node lies in (or is): lists "everything under X" filter on it. */
  at: LevelIds;
  status: 'open' | 'closed';
  openedOn: IsoDate;
  /** First day closed (撤销/合并), and why. */
  closedOn: IsoDate | null;
  closeReason: string | null;
  mergedInto: string | null;
  /** Parent history: the tree as of any date (splits and merges are history too). */
  parents: { from: IsoDate; parentId: string | null }[];
  /** 网格员 roster, for grids and micro-grids. */
  workers: Assignment[];
  /** Revision of the node's own `region-<id>` stream: the ETag for rename and move. */
  revision: number;
};

type Node = ReadModel<RegionNode>;

const placed = (regionId: string, level: RegionLevel, parent: RegionNode | null, parentId: string | null) => ({
  path: parent ? [...parent.path, parent.regionId] : parentId ? [parentId] : [],
  at: { ...(parent?.at ?? {}), [levelKey(level)]: regionId },
});

/**
 * The region tree. A node's path depends on its parent's document and a move rewrites every descendant's, so
 * this projection needs the store's global order (a parent is always applied before its children): it runs
 * from the store in every mode, never from partitioned bus topics (see read-models.ts).
 */
export function regionsProjection(documents: DocumentStore): Projection<GridRecordsEvent> {
  const parentOf = async (ctx: ProjectionContext, parentId: string | null) => (parentId ? ctx.get<RegionNode>(REGIONS, parentId) : null);

  async function moved(e: TypedEnvelope<Extract<GridRecordsEvent, { type: 'grid-records.region.moved' }>>, ctx: ProjectionContext): Promise<void> {
    const d = e.data;
    const parent = await parentOf(ctx, d.toParentId);
    const { path, at } = placed(d.regionId, d.level, parent, d.toParentId);
    await ctx.update<RegionNode>(REGIONS, d.regionId, (n) =>
      n
        ? {
            ...n,
            parentId: d.toParentId,
            path,
            at,
            parents: [...n.parents, { from: d.on, parentId: d.toParentId }],
            revision: e.streamRevision,
          }
        : null,
    );
    // Every node below moves with it: its path keeps the part under the moved node and takes the new part above.
    const below = await documents.collection<Node>(REGIONS).find(liveOnly({ [`at.${levelKey(d.level)}`]: d.regionId }));
    for (const descendant of below.filter((n) => n._id !== d.regionId)) {
      await ctx.update<RegionNode>(REGIONS, descendant._id, (n) =>
        n ? { ...n, path: [...path, d.regionId, ...n.path.slice(n.path.indexOf(d.regionId) + 1)], at: { ...n.at, ...at } } : null,
      );
    }
  }

  return {
    name: 'grid-records.regions',
    collections: [REGIONS],
    // A move finds the moved node's descendants with a query: what came before it is written first.
    queriesDocuments: ['grid-records.region.moved'],
    handles: [
      'grid-records.region.created',
      'grid-records.region.renamed',
      'grid-records.region.moved',
      'grid-records.region.closed',
      'grid-records.region.household-admitted',
      'grid-records.region.household-admission-withdrawn',
      'grid-records.grid.worker-assigned',
      'grid-records.grid.worker-unassigned',
    ],
    indexes: [
      { collection: REGIONS, spec: { fields: ['parentId'] } },
      ...REGION_LEVELS.map((level) => ({ collection: REGIONS, spec: { fields: [`at.${levelKey(level)}`] } })),
    ],
    async apply(e, ctx) {
      switch (e.type) {
        case 'grid-records.region.created': {
          const d = e.data;
          const parent = await parentOf(ctx, d.parentId);
          return ctx.update<RegionNode>(REGIONS, d.regionId, () => ({
            regionId: d.regionId,
            level: d.level,
            kind: d.kind ?? null,
            name: d.name,
            code: d.code ?? null,
            parentId: d.parentId,
            ...placed(d.regionId, d.level, parent, d.parentId),
            status: 'open',
            openedOn: d.on,
            closedOn: null,
            closeReason: null,
            mergedInto: null,
            parents: [{ from: d.on, parentId: d.parentId }],
            workers: [],
            revision: e.streamRevision,
          }));
        }
        case 'grid-records.region.renamed': {
          const d = e.data;
          return ctx.update<RegionNode>(REGIONS, d.regionId, (n) => (n ? { ...n, name: d.to, revision: e.streamRevision } : null));
        }
        case 'grid-records.region.moved':
          return moved(e, ctx);
        case 'grid-records.region.household-admitted':
        case 'grid-records.region.household-admission-withdrawn':
          // The node's version moves (If-Match follows its stream); who lives there is the households' read model.
          return ctx.update<RegionNode>(REGIONS, e.data.regionId, (n) => (n ? { ...n, revision: e.streamRevision } : null));
        case 'grid-records.region.closed': {
          const d = e.data;
          // The roster's own worker-unassigned events follow on the grid stream; the closing already says where they end.
          const ended = new Map((d.workersEnded ?? []).map((w) => [`${w.workerId}\n${w.from}`, w.until]));
          return ctx.update<RegionNode>(REGIONS, d.regionId, (n) =>
            n
              ? {
                  ...n,
                  status: 'closed',
                  closedOn: d.on,
                  closeReason: d.reason ?? null,
                  mergedInto: d.mergedInto ?? null,
                  workers: n.workers.map((w) => ({ ...w, until: ended.get(`${w.workerId}\n${w.from}`) ?? w.until })),
                  revision: e.streamRevision,
                }
              : null,
          );
        }
        case 'grid-records.grid.worker-assigned': {
          const d = e.data;
          return ctx.update<RegionNode>(REGIONS, aggregateIdOf(e.streamId), (n) =>
            n ? { ...n, workers: [...n.workers, { workerId: d.workerId, from: d.from, until: d.until }] } : null,
          );
        }
        case 'grid-records.grid.worker-unassigned': {
          const d = e.data;
          return ctx.update<RegionNode>(REGIONS, aggregateIdOf(e.streamId), (n) =>
            n
              ? { ...n, workers: n.workers.map((w) => (w.workerId === d.workerId && w.from === d.from ? { ...w, until: d.until } : w)) }
              : null,
          );
        }
      }
    },
  };
}
