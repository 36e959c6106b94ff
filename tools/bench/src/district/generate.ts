import { loadConfig, newId, openInfrastructure, type Infrastructure } from '@grid/platform';
import {
  districtPlanner,
  householdStream,
  noCounts,
  Prng,
  SeedRun,
  startGridRecords,
  type GridRecords,
  type HouseholdPlan,
} from '@grid/grid-records';
import { readCheckpoint, writeCheckpoint, type Checkpoint, type DistrictCounts } from './checkpoint';
import { planLifeEvents, runLifeEvents, type LifeEvent, type Neighbourhoods } from './life-events';
import { districtStreets } from './shape';

export interface GenerateOptions {
  households: number;
  dataDir: string;
  seed?: number;
  /** Households per checkpoint (default 500). */
  batch?: number;
  /** Households written at once (default 32, the seed's: their appends group-commit into one fsync). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  /** Stops after the batch in flight (its households finish), checkpointed: the next run goes on from there. */
  signal?: AbortSignal;
}

export const DISTRICT_AS_OF = '2026-06-30';

/**
 * Builds a district of `households` in `dataDir` (the embedded default: SQLite store, documents, bus and keys) through
 * grid-records' own application commands, with its read side and reactions running as in `npm start`: the demo
 * seed's household histories (seed/plan.ts, on a tree scaled by shape.ts) and each household's later life
 * (life-events.ts). Resumable: the same seed plans the same households, and the checkpoint says how many are done.
 */
export async function generateDistrict(options: GenerateOptions): Promise<Checkpoint> {
  const seed = options.seed ?? 2020;
  const batchSize = options.batch ?? 500;
  const planner = districtPlanner({
    seed,
    households: options.households,
    asOf: DISTRICT_AS_OF,
    streets: districtStreets(options.households),
  });
  const previous = readCheckpoint(options.dataDir);
  if (previous && (previous.seed !== seed || previous.households !== options.households))
    throw new Error(
      `${options.dataDir} holds a district of ${previous.households} households, seed ${previous.seed}: use another data folder or the same options`,
    );
  const checkpoint: Checkpoint = previous ?? {
    seed,
    households: options.households,
    asOf: DISTRICT_AS_OF,
    regions: false,
    done: 0,
    counts: { ...noCounts(), lifeCommands: 0, interrupted: 0 },
    lifeRefusals: {},
    marks: [],
  };
  const config = loadConfig({ DATA_DIR: options.dataDir, LOG_LEVEL: 'warn' });
  const infra = await openInfrastructure(config);
  let service: GridRecords | undefined;
  try {
    service = await startGridRecords({ config, infra, port: false });
    const run = new SeedRun({ services: service.services, store: infra.store }, planner, {
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!checkpoint.regions) {
      await run.regions();
      checkpoint.regions = true;
      writeCheckpoint(options.dataDir, checkpoint);
    }
    const neighbourhoods = neighbourhoodsOf(planner.regions);
    const lifeRng = new Prng(seed).fork('district-life');
    const started = {
      wall: performance.now() - (checkpoint.marks.at(-1)?.wallMs ?? 0),
      cpu: cpuMs() - (checkpoint.marks.at(-1)?.cpuMs ?? 0),
    };
    let resumed = checkpoint.done > 0;
    const plans = planner.households();
    for (let skip = 0; skip < checkpoint.done; skip += 1) plans.next(); // the same draws as the first run made
    options.onProgress?.(checkpoint.done, options.households);
    while (checkpoint.done < options.households && !options.signal?.aborted) {
      const batch: HouseholdPlan[] = [];
      for (let h = plans.next(); !h.done; h = plans.next()) if (batch.push(h.value) === batchSize) break;
      const progress: BatchProgress = { counts: { ...noCounts(), lifeCommands: 0, interrupted: 0 }, refusals: {}, finished: [] };
      const lifeOf = (h: HouseholdPlan) => planLifeEvents(lifeRng.fork(h.key), h, neighbourhoods, DISTRICT_AS_OF);
      const already = new Set(checkpoint.finished ?? []);
      try {
        await writeBatch(
          run,
          service,
          infra,
          { plans: batch, first: checkpoint.done, already, resumed },
          lifeOf,
          options.concurrency ?? 32,
          progress,
        );
      } catch (error) {
        // What finished of this batch is kept: a resumed run skips those households and redoes none of them.
        addCounts(checkpoint.counts, progress.counts);
        addRefusals(checkpoint, progress.refusals);
        writeCheckpoint(options.dataDir, { ...checkpoint, finished: [...already, ...progress.finished] });
        throw error;
      }
      addCounts(checkpoint.counts, progress.counts);
      addRefusals(checkpoint, progress.refusals);
      resumed = false;
      delete checkpoint.finished;
      checkpoint.done += batch.length;
      checkpoint.marks.push({
        households: checkpoint.done,
        events: await infra.store.headPosition(),
        wallMs: Math.round(performance.now() - started.wall),
        cpuMs: Math.round(cpuMs() - started.cpu),
        rssMb: Math.round(process.memoryUsage().rss / 1e6),
      });
      writeCheckpoint(options.dataDir, checkpoint);
      options.onProgress?.(checkpoint.done, options.households);
    }
    await service.caughtUp();
    return checkpoint;
  } finally {
    await service?.close();
    await infra.close();
  }
}

interface BatchProgress {
  counts: DistrictCounts;
  refusals: Record<string, number>;
  /** Plan indexes of the households this batch has finished. */
  finished: number[];
}

interface Batch {
  plans: HouseholdPlan[];
  /** Plan index of plans[0]. */
  first: number;
  /** Households an interrupted run finished in this batch (already counted). */
  already: Set<number>;
  /** The first batch after an interruption: a household already started but not finished is left as it is. */
  resumed: boolean;
}

/** One batch, `concurrency` households at a time; what finishes is in `progress` also when a household fails. */
async function writeBatch(
  run: SeedRun,
  service: GridRecords,
  infra: Infrastructure,
  batch: Batch,
  lifeOf: (h: HouseholdPlan) => LifeEvent[],
  concurrency: number,
  progress: BatchProgress,
): Promise<void> {
  const { counts } = progress;
  let next = 0;
  let failed = false;
  const lane = async () => {
    for (let i = next++; i < batch.plans.length && !failed; i = next++) {
      const h = batch.plans[i]!;
      if (batch.already.has(batch.first + i)) continue;
      if (batch.resumed && (await started(run, infra, h))) {
        counts.interrupted += 1;
        continue;
      }
      try {
        const written = await run.household(h);
        const life = lifeOf(h);
        let lifeCommands = 0;
        if (life.length > 0) {
          const personIds = written.personIds.length > 0 ? written.personIds : await run.personIds(written.id, h);
          const done = await runLifeEvents(service.services, run, h, written.id, personIds, life);
          lifeCommands = done.commands;
          if (done.refused) progress.refusals[done.refused] = (progress.refusals[done.refused] ?? 0) + 1;
        }
        addCounts(counts, { ...written.counts, lifeCommands, interrupted: 0 });
        progress.finished.push(batch.first + i);
      } catch (error) {
        throw new Error(`household ${h.key}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
  };
  const stopOthers = (error: unknown) => {
    failed = true;
    throw error;
  };
  // Every lane ends before the batch does (a failure stops the others after their household), so nothing writes on after.
  const lanes = await Promise.allSettled(Array.from({ length: Math.min(concurrency, batch.plans.length) }, () => lane().catch(stopOthers)));
  const failure = lanes.find((l) => l.status === 'rejected');
  if (failure) throw failure.reason;
}

function addRefusals(checkpoint: Checkpoint, more: Record<string, number>): void {
  for (const [rule, n] of Object.entries(more)) checkpoint.lifeRefusals[rule] = (checkpoint.lifeRefusals[rule] ?? 0) + n;
}

function addCounts(into: DistrictCounts, more: DistrictCounts): void {
  for (const k of Object.keys(more) as (keyof DistrictCounts)[]) into[k] += more[k];
}

async function started(run: SeedRun, infra: Infrastructure, h: HouseholdPlan): Promise<boolean> {
  const id = newId(run.ctx(`household:${h.key}`, run.workerFor(h.gridKey)), 'household');
  return (await infra.store.readStream(householdStream(id), { maxCount: 1 })).length > 0;
}

function neighbourhoodsOf(regions: { key: string; parentKey: string | null; level: string }[]): Neighbourhoods {
  const out: Neighbourhoods = new Map();
  const buildings = new Map<string, string[]>();
  for (const r of regions) if (r.level === 'building') buildings.set(r.parentKey!, [...(buildings.get(r.parentKey!) ?? []), r.key]);
  for (const r of regions) {
    if (r.level !== 'micro-grid') continue;
    const community = r.parentKey!.replace(/g$/, '');
    out.set(community, [...(out.get(community) ?? []), { microKey: r.key, buildings: buildings.get(r.key) ?? [] }]);
  }
  return out;
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
