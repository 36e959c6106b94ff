import { existsSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { dirname, join, sep } from 'node:path';
import { startRelay } from '../relay/relay';
import type { DocumentStore } from '../documents/document-store';
import type { EventStore } from '../store/event-store';
import type { ProjectionBus } from '../projections/projection-runner';
import type { ProjectionEntry } from '../projections/start-projections';
import type { ReadSideStart } from './protocol';
import { runReadSide, type ReadSideInfrastructure, type ReadSideParts } from './read-side-worker';
import { runRebuildGroup } from './rebuild-worker';

/** How a service starts its read models (ServiceDefinition.readSide.start). */
export type StartReadModels = (deps: { store: EventStore; documents: DocumentStore; bus?: ProjectionBus; settleTimeoutMs?: number }) => Promise<ReadSideParts>;

/** The longest a timer can wait: in the worker a read model is waited for until it is there (the writer has its own limit). */
const UNTIL_THERE_MS = 2_147_483_647;

/** What the worker needs of the definition besides its read models (plain data: it crosses to the thread). */
export interface ServiceReadSideData {
  service: string;
  categories: readonly string[];
}

/** The relay's checkpoint: each service relays only its own categories. */
export const relayCheckpoint = (service: string): string => `relay:${service}`;

/**
 * The compiled file `name` beside `file` (a module's __filename): under jest, which runs the TypeScript
 * sources, the built copy in dist/; null when not built (then the read side runs inline).
 */
export function workerScript(file: string, name: string): string | null {
  const dir = dirname(file);
  const src = dir.lastIndexOf(`${sep}src`);
  const built = file.endsWith('.ts') && src >= 0 ? `${dir.slice(0, src)}${sep}dist${dir.slice(src + 4)}` : dir;
  const entry = join(built, `${name}.js`);
  return existsSync(entry) ? entry : null;
}

/**
 * The body of a service's read-side worker script: `runServiceReadSide(readSide.start, readSide.projections)` is all
 * it holds. It runs the read models and the relay of the service's categories on the worker's own connections, or,
 * started by rebuildInWorkers, the replay of a group of `projections`.
 */
export function runServiceReadSide(start: StartReadModels, projections?: (documents: DocumentStore) => ProjectionEntry[]): void {
  if ((workerData as ReadSideStart | undefined)?.rebuild) {
    if (!projections) throw new Error('this read-side worker script names no projections to rebuild: runServiceReadSide(start, projections)');
    return runRebuildGroup(projections);
  }
  runReadSide(async (infra: ReadSideInfrastructure) => {
    const { service, categories } = infra.data as ServiceReadSideData;
    const relay = await startRelay({ store: infra.store, bus: infra.bus, checkpoint: relayCheckpoint(service), categories: [...categories] });
    try {
      const readModels = await start({ store: infra.store, documents: infra.documents, settleTimeoutMs: UNTIL_THERE_MS });
      return {
        reached: (position) => readModels.reached(position),
        caughtUp: () => readModels.caughtUp(),
        async close() {
          await readModels.close();
          await relay.close();
        },
      };
    } catch (error) {
      await relay.close();
      throw error;
    }
  });
}

