import { availableParallelism } from 'node:os';
import type { Config } from '../config/config';
import type { Infrastructure } from '../infrastructure/open-infrastructure';
import { rebuildProjections } from '../projections/projection-runner';
import { rebuildGroups, rebuildInWorkers, type RebuiltGroup } from '../read-side/rebuild-host';
import type { ServiceDefinition } from './service-definition';

/**
 * Drops and replays every read model of the service (stop its server first: the rebuild must be the only writer).
 * On the embedded log with the worker script built, the projections replay in groups on up to `threads` worker
 * threads (rebuildInWorkers: each opens the log and the configured read-model store itself); otherwise, a log a
 * worker cannot open as a follower (KurrentDB) or one thread asked for, in one pass here. Returns the position
 * reached, every projection's checkpoint; `onGroup` hears of each group replayed on a worker thread.
 */
export async function rebuildReadSide(
  definition: ServiceDefinition,
  infra: Pick<Infrastructure, 'store' | 'documents' | 'kinds'>,
  config: Config,
  threads: number = availableParallelism(),
  onGroup?: (group: RebuiltGroup) => void,
): Promise<number> {
  const projections = (definition.readSide?.projections?.(infra.documents) ?? []).map((p) => p.projection);
  const entry = definition.readSide?.worker;
  const groups = rebuildGroups(projections, threads);
  if (entry && infra.kinds.store === 'sqlite' && groups.length > 1) return rebuildInWorkers({ entry, config, projections, docs: infra.documents, store: infra.store, groups, ...(onGroup ? { onGroup } : {}) });
  return rebuildProjections({ projections, docs: infra.documents, store: infra.store });
}
