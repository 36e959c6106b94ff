import { HttpProblem, type Principal } from '@grid/platform/http';
import type { GridRecordsServices } from '../composition';
import { GRID_LEVELS } from '../domain';

/**
 * A grid worker writes in a grid (registers, records a death, a visit, a home check…) only while on its roster today,
 * like their clear view (disclosureFor): a valid token whose scope covers the grid is not enough once the assignment
 * ended or was never made. Other roles are not on rosters; their routes' roles and scope decide.
 */
export async function assertOnRoster(services: Pick<GridRecordsServices, 'tree' | 'clock'>, caller: Principal, gridId: string): Promise<void> {
  if (caller.role !== 'grid-worker') return;
  // Nodes that take no writes at all (a closed grid, a community, a building) are refused by the domain, naming its rule.
  const node = await services.tree.node(gridId);
  if (!node || node.status === 'closed' || !GRID_LEVELS.includes(node.level)) return;
  if (await services.tree.servesAll(caller.sub, [gridId], services.clock.today())) return;
  const detail = `grid worker ${caller.sub} is not on the roster of grid ${gridId} today: an official assigns the grid's workers`;
  throw new HttpProblem(403, 'not-on-roster', 'Forbidden', detail, [{ field: '', rule: 'not-on-roster', message: detail }]);
}
