import { REGION_LEVELS, type RegionLevel } from '@grid/contracts';

/** The level directly above: a child is exactly one level below its parent (docs/domain-glossary.md §1). */
export function parentLevelOf(level: RegionLevel): RegionLevel | null {
  const i = REGION_LEVELS.indexOf(level);
  return i <= 0 ? null : REGION_LEVELS[i - 1]!;
}

/** Levels a grid worker (网格员) can be assigned to. */
export const GRID_LEVELS: readonly RegionLevel[] = ['grid', 'micro-grid'];

/** 区—街道—社区—网格—微网格—楼栋: seed 004's 五级治理 plus the building. */
export const HIERARCHY_SOURCE = 'docs/domain-glossary.md §1; seed 004 五级治理; seed 001 微网格';
