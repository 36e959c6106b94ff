import { parentPort, workerData } from 'node:worker_threads';
import type { DocumentStore } from '../documents/document-store';
import type { ProjectionEntry } from '../projections/start-projections';
import { replayProjections } from '../projections/projection-runner';
import { DurableHead } from '../store/sqlite/durable-head';
import type { FromRebuildGroup, ReadSideStart, ToRebuildGroup } from './protocol';
import { openFollower } from './read-side-worker';

/**
 * The body of a service's read-side worker script when started by rebuildInWorkers (workerData.rebuild): on its own
 * connections (openFollower), replays the log up to the host's head into its group of the service's projections,
 * which the host has prepared, and posts the position reached; the host finishes the rebuild once every group has.
 */
export function runRebuildGroup(projectionsOf: (documents: DocumentStore) => ProjectionEntry[]): void {
  const port = parentPort;
  if (!port) throw new Error('runRebuildGroup runs in a worker thread started by rebuildInWorkers');
  const { config, head, rebuild } = workerData as ReadSideStart;
  const post = (m: FromRebuildGroup) => port.postMessage(m);
  const stop = new AbortController();
  const onMessage = (m: ToRebuildGroup) => m.type === 'stop' && stop.abort(new Error('stopped: another group of the rebuild failed'));
  port.on('message', onMessage);
  const opened: { close(): Promise<void> }[] = [];

  const cpu = process.threadCpuUsage();
  void (async () => {
    let outcome: FromRebuildGroup;
    try {
      const { store, documents } = await openFollower(config, new DurableHead(head), opened);
      const names = new Set(rebuild!.projections);
      const projections = projectionsOf(documents)
        .map((p) => p.projection)
        .filter((p) => names.has(p.name));
      if (projections.length !== names.size) throw new Error(`not projections of this service: ${[...names].filter((n) => !projections.some((p) => p.name === n)).join(', ')}`);
      const position = await replayProjections({ projections, docs: documents, store, signal: stop.signal });
      const { user, system } = process.threadCpuUsage(cpu);
      outcome = { type: 'rebuilt', position, cpuMs: Math.round((user + system) / 1000) };
    } catch (error) {
      outcome = { type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    // Closed before answering: the host writes the indexes and checkpoints once every group has answered.
    for (const x of opened.splice(0).reverse()) await x.close().catch(() => undefined);
    post(outcome);
    port.off('message', onMessage);
  })();
}
