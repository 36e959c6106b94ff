import type { IsoDate } from '../shared/dates';
import type { RegionState } from './types';

/** Region tree as id → parentId (null for a district). */
export type RegionTree = ReadonlyMap<string, string | null> | Readonly<Record<string, string | null>>;

const parentOf = (tree: RegionTree, id: string): string | null | undefined =>
  tree instanceof Map ? tree.get(id) : (tree as Record<string, string | null>)[id];

/**
 * Is node `x` inside scope `s` (s itself or one of its ancestors)? Unknown nodes are outside every scope but
 * their own, and a corrupt tree with a cycle answers no instead of looping: authz must fail closed.
 */
export function isWithin(tree: RegionTree, x: string, scope: string): boolean {
  const seen = new Set<string>();
  for (let at: string | null | undefined = x; at !== null && at !== undefined; at = parentOf(tree, at)) {
    if (at === scope) return true;
    if (seen.has(at)) return false;
    seen.add(at);
  }
  return false;
}

/** The tree as it stood on a date, from node states (a node not yet created, or already closed, is absent). */
export function treeAsOf(nodes: Iterable<RegionState>, on: IsoDate): Map<string, string | null> {
  const tree = new Map<string, string | null>();
  for (const n of nodes) {
    if (n.status === 'none' || (n.closedOn !== null && n.closedOn <= on)) continue;
    const current = n.parents.filter((p) => p.from <= on).at(-1);
    if (current) tree.set(n.regionId, current.parentId);
  }
  return tree;
}
