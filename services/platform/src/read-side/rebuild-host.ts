import { Worker } from 'node:worker_threads';
import type { Config } from '../config/config';
import type { DocumentStore } from '../documents/document-store';
import type { Projection } from '../projections/projection';
import { finishRebuild, prepareRebuild } from '../projections/projection-runner';
import type { EventStore } from '../store/event-store';
import type { FromRebuildGroup, ReadSideStart, ToRebuildGroup } from './protocol';

export interface RebuildInWorkersOptions {
  /** The service's read-side worker script: `runServiceReadSide(start, projections)` (runRebuildGroup). */
  entry: string;
  /** Each worker opens the files it names: the embedded log that `store` reads, the read models that `docs` holds. */
  config: Config;
  projections: Projection[];
  docs: DocumentStore;
  store: Pick<EventStore, 'headPosition'>;
  /** The names of each group's projections (rebuildGroups): every projection in one group, each group its own thread. */
  groups: string[][];
  /** Told as each group finishes its replay: its projections and its thread's CPU time (ms). */
  onGroup?: (group: RebuiltGroup) => void;
}

export interface RebuiltGroup {
  projections: string[];
  cpuMs: number;
}

/**
 * rebuildProjections with the replay split: each group of projections replays the whole log on its own worker
 * thread, on its own connections (SQLite lets one writer at a time: each group commits its batches as one pass
 * does), all up to the head read here. This thread prepares every projection first (checkpoints at 0 or marked,
 * collections dropped) and, once every group has reached the same position, builds the deferred indexes and saves
 * the checkpoints. A group that fails stops the others and fails the rebuild: nothing is saved as rebuilt, and a
 * projection kept by position holds the checkpoint of its last batch written, as in one pass.
 */
export async function rebuildInWorkers(options: RebuildInWorkersOptions): Promise<number> {
  const { projections, docs, groups } = options;
  const grouped = groups.flat();
  if (grouped.length !== projections.length || new Set(grouped).size !== grouped.length || projections.some((p) => !grouped.includes(p.name)))
    throw new Error(`rebuild groups must hold every projection once: ${JSON.stringify(groups)}`);
  await prepareRebuild(projections, docs);
  const head = await options.store.headPosition();
  const running: ReturnType<typeof startGroup>[] = [];
  const settled: Promise<number>[] = [];
  let failure: Error | undefined;
  const failed = (error: Error) => {
    if (failure) return;
    failure = error;
    for (const group of running) group.stop();
  };
  for (const names of groups) {
    // `new Worker` throws when no thread can be started: the groups already running are stopped and waited for.
    try {
      const group = startGroup(options, head, names);
      running.push(group);
      const told = group.done.then(({ position, cpuMs }) => (options.onGroup?.({ projections: names, cpuMs }), position));
      settled.push(told.catch((error: Error) => (failed(error), -1)));
    } catch (error) {
      failed(error as Error);
      break;
    }
  }
  const positions = await Promise.all(settled);
  if (failure) throw failure;
  if (new Set(positions).size > 1) throw new Error(`the rebuild groups reached different positions: ${positions.join(', ')}`);
  const position = positions[0] ?? 0;
  await finishRebuild(projections, docs, position);
  return position;
}

function startGroup(options: RebuildInWorkersOptions, head: number, names: string[]): { done: Promise<{ position: number; cpuMs: number }>; stop(): void } {
  const start: ReadSideStart = { config: options.config, head, rebuild: { projections: names } };
  const worker = new Worker(options.entry, { workerData: start });
  let outcome: FromRebuildGroup | undefined;
  let error: Error | undefined;
  const done = new Promise<{ position: number; cpuMs: number }>((resolve, reject) => {
    worker.on('message', (m: FromRebuildGroup) => (outcome = m));
    worker.on('error', (e) => (error = e));
    // Settled on exit: a group's connections are closed by then.
    worker.on('exit', (code) => {
      if (outcome?.type === 'rebuilt') resolve({ position: outcome.position, cpuMs: outcome.cpuMs });
      else reject(new Error(`rebuilding ${names.join(', ')}: ${outcome?.type === 'failed' ? outcome.message : (error?.stack ?? `its worker exited (${code})`)}`));
    });
  });
  return { done, stop: () => worker.postMessage({ type: 'stop' } satisfies ToRebuildGroup) };
}

/**
 * At most `threads` groups of `projections` balanced by their `rebuildWeight` (the heaviest first, each to the
 * lightest group so far), the two lightest merged while together they weigh no more than the heaviest group: a
 * group that cannot shorten the rebuild only costs another read of the log, another thread's memory and another
 * writer at SQLite's one write lock (grid-records' read models on SQLite: two groups on any number of cores).
 * A projection reads and writes only its own collections (a batch refuses any other, a `queriesDocuments` query is
 * over its own), so no group sees another's half-built models: any split replays as one pass.
 */
export function rebuildGroups(projections: readonly Projection[], threads: number): string[][] {
  const groups = Array.from({ length: Math.max(1, Math.min(threads, projections.length)) }, () => ({ weight: 0, names: [] as string[] }));
  const heaviest = [...projections].sort((a, b) => (b.rebuildWeight ?? 1) - (a.rebuildWeight ?? 1));
  for (const projection of heaviest) {
    const lightest = groups.reduce((a, b) => (b.weight < a.weight ? b : a));
    lightest.weight += projection.rebuildWeight ?? 1;
    lightest.names.push(projection.name);
  }
  const made = groups.filter((g) => g.names.length > 0);
  const longest = Math.max(...made.map((g) => g.weight));
  for (;;) {
    const [a, b] = [...made].sort((x, y) => x.weight - y.weight);
    if (!a || !b || a.weight + b.weight > longest) return made.map((g) => g.names);
    a.weight += b.weight;
    a.names.push(...b.names);
    made.splice(made.indexOf(b), 1);
  }
}
