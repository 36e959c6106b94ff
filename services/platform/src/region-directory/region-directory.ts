import { regionClosed, regionCreated, regionMoved, regionRenamed, type RegionLevel } from '@grid/contracts';
import { ParentChainScopeResolver, type RegionScopeResolver } from '../auth/region-scope-resolver';
import type { DocumentStore } from '../documents/document-store';
import type { Projection } from '../projections/projection';

/** Where a service's directory lives: its own collection (each service builds its own, from the region topic). */
export const regionDirectoryCollection = (service: string): string => `${service.replace(/-/g, '_')}_region_directory`;

/** One node of the region tree as other services need it: where it hangs, what it is called, whether it is open. */
export type DirectoryEntry = {
  regionId: string;
  parentId: string | null;
  level: RegionLevel;
  name: string;
  status: 'open' | 'closed';
};

/** The events it is built from: grid-records' region topic (`grid-records.region.v1`), or the same store embedded. */
export const REGION_EVENTS = [regionCreated.type, regionRenamed.type, regionMoved.type, regionClosed.type];

/**
 * The region directory of a service: each node keeps only its parent, so every event touches one document and
 * any order that keeps each region's own order gives the same directory (it can run from the bus, per partition).
 * `service` names the projection, its checkpoint and its collection.
 */
export function regionDirectoryProjection(service: string): Projection {
  const collection = regionDirectoryCollection(service);
  return {
    name: `${service}.region-directory`,
    collections: [collection],
    handles: REGION_EVENTS,
    async apply(e, ctx) {
      switch (e.type) {
        case regionCreated.type: {
          const d = regionCreated.data.parse(e.data);
          return ctx.update<DirectoryEntry>(collection, d.regionId, () => ({ regionId: d.regionId, parentId: d.parentId, level: d.level, name: d.name, status: 'open' }));
        }
        case regionRenamed.type: {
          const d = regionRenamed.data.parse(e.data);
          return ctx.update<DirectoryEntry>(collection, d.regionId, (n) => (n ? { ...n, name: d.to } : null));
        }
        case regionMoved.type: {
          const d = regionMoved.data.parse(e.data);
          return ctx.update<DirectoryEntry>(collection, d.regionId, (n) => (n ? { ...n, parentId: d.toParentId } : null));
        }
        case regionClosed.type: {
          const d = regionClosed.data.parse(e.data);
          return ctx.update<DirectoryEntry>(collection, d.regionId, (n) => (n ? { ...n, status: 'closed' } : null));
        }
      }
    },
  };
}

/** Reads a service's region directory; also the scope port its RegionScope asks (walks up the parents, ≤ 6 reads). */
export class RegionDirectory implements RegionScopeResolver {
  private readonly resolver = new ParentChainScopeResolver(async (id) => (await this.node(id))?.parentId ?? null);
  private readonly collection: string;

  constructor(
    private readonly documents: DocumentStore,
    service: string,
  ) {
    this.collection = regionDirectoryCollection(service);
  }

  async node(regionId: string): Promise<DirectoryEntry | null> {
    const n = await this.documents.collection<DirectoryEntry & { _id: string; _deleted?: true }>(this.collection).get(regionId);
    return n && !n._deleted ? { regionId: n.regionId, parentId: n.parentId, level: n.level, name: n.name, status: n.status } : null;
  }

  /** The open nodes of one level (e.g. every community and village a service holds elections in). */
  async atLevel(level: RegionLevel): Promise<DirectoryEntry[]> {
    const docs = await this.documents.collection<DirectoryEntry & { _id: string; _deleted?: true }>(this.collection).find({ level, status: 'open' });
    return docs.filter((n) => !n._deleted).map(({ regionId, parentId, name, status }) => ({ regionId, parentId, level, name, status }));
  }

  /** Is the node one of the scope ids or below one of them? Unknown nodes are in no scope (fail closed). */
  async isWithin(regionId: string, scopeIds: readonly string[]): Promise<boolean> {
    if (!(await this.node(regionId))) return false;
    return this.resolver.isWithin(regionId, scopeIds);
  }
}
