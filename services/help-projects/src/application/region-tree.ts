import { regionDirectoryCollection, type DocumentStore, type DirectoryEntry } from '@grid/platform';

/** The region tree of the service's directory in memory: paths for many households at once (rates, eligibility). */
export class RegionTree {
  private constructor(private readonly parents: ReadonlyMap<string, string | null>) {}

  static async load(documents: DocumentStore): Promise<RegionTree> {
    const nodes = await documents.collection<DirectoryEntry & { _id: string; _deleted?: true }>(regionDirectoryCollection('help-projects')).find({});
    return RegionTree.of(nodes.filter((n) => !n._deleted));
  }

  static of(nodes: readonly Pick<DirectoryEntry, 'regionId' | 'parentId'>[]): RegionTree {
    return new RegionTree(new Map(nodes.map((n) => [n.regionId, n.parentId])));
  }

  /** The region and every region above it; empty for a region the directory does not know. */
  pathOf(regionId: string | null): string[] {
    const path: string[] = [];
    for (let at = regionId; at !== null && at !== undefined && this.parents.has(at) && path.length < 12; at = this.parents.get(at)!) path.push(at);
    return path;
  }

  readonly pathOfGrid = (gridId: string): readonly string[] => this.pathOf(gridId);
}
