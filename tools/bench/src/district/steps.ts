import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { rebuild as rebuildAll, verifyStore } from '@grid/gridctl';
import { hashedUuid, loadConfig, openInfrastructure, createPersonalDataVault, loadMasterKey, type Config, type Infrastructure } from '@grid/platform';
import { categoryOf, type ProgramCode } from '@grid/contracts';
import { composeServices, seedIdSeed, startGridRecords, startReadModels, districtPlanner, Prng, type GridRecordsServices } from '@grid/grid-records';
import { readCheckpoint } from './checkpoint';
import { districtStreets } from './shape';

/** What one step measured, in its own process: wall and CPU time, and that process's peak RSS (worker threads included). */
export interface StepResult {
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  [figure: string]: unknown;
}

export interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
  /** Process CPU time per operation (ms): on this shared 2-core machine, what one free core would take. */
  cpuMsPerOp: number;
}

/** Reads sampled per kind (after a warm-up of a tenth as many). */
const SAMPLE = 500;
/** New commands behind the read side for the catch-up step (the figure). */
export const CATCH_UP_COMMANDS = 10_000;

type Step = (dataDir: string) => Promise<Record<string, unknown>>;

export const STEPS: Record<string, Step> = { verify, reads, why, 'catch-up': catchUp, rebuild };
/** Run by a step in a process of its own, not by bench:district itself. */
const CHILD_STEPS: Record<string, Step> = { 'verify-one-thread': (dataDir) => measureVerify(dataDir, 1) };
/** Whys sampled (after a warm-up of a tenth as many): fewer than the reads, as a why once scanned the log. */
const WHY_SAMPLE = 100;

/** Runs one step and adds its process's cost: each step is its own process, so its peak RSS is its own. */
export async function runStep(name: string, dataDir: string): Promise<StepResult> {
  const step = STEPS[name] ?? CHILD_STEPS[name];
  if (!step) throw new Error(`unknown step ${name}; one of ${Object.keys(STEPS).join(', ')}`);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const figures = await step(dataDir);
  const used = process.cpuUsage(cpu);
  return {
    ms: Math.round(performance.now() - started),
    cpuMs: Math.round((used.user + used.system) / 1000),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...figures,
  };
}

/**
 * `gridctl verify` (auditLogParallel: hashes, both chains, positions, streams table), read only, as it runs by
 * default (a share of the log per core), then on one thread (auditLog) for the cost without the threads, in a process
 * of its own: `gridctl verify` runs one or the other, and one process running both would add the first one's heap
 * to the second one's peak RSS.
 */
async function verify(dataDir: string) {
  const threaded = await measureVerify(dataDir);
  const out = execFileSync(process.execPath, [process.argv[1]!, '--step', 'verify-one-thread', '--data-dir', dataDir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const single = JSON.parse(out.trim().split('\n').at(-1)!) as StepResult;
  return { ok: true, threads: availableParallelism(), ...threaded, singleThread: { ...single, ms: undefined, cpuMs: undefined } };
}

async function measureVerify(dataDir: string, threads?: number) {
  const config = loadConfig({ DATA_DIR: dataDir });
  const cpu = process.cpuUsage();
  const report = await verifyStore(config, [], undefined, threads);
  const used = process.cpuUsage(cpu);
  if (!report.ok) throw new Error(`verify failed: ${JSON.stringify(report.fault)}`);
  return {
    events: report.events,
    eventsPerSec: Math.round((report.events * 1000) / report.ms),
    cpuMicrosPerEvent: Number(((used.user + used.system) / report.events).toFixed(2)),
  };
}

/** `gridctl rebuild`: drops every grid-records read model and replays it from the store, in groups on this process's worker threads. */
async function rebuild(dataDir: string) {
  return withInfra(dataDir, async (infra, config) => {
    const cpu = process.cpuUsage();
    const mainCpu = process.threadCpuUsage();
    const started = performance.now();
    const { head, collections, groups } = await rebuildAll(infra, config);
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const main = process.threadCpuUsage(mainCpu);
    const [cpuMs, mainMs] = [(used.user + used.system) / 1000, (main.user + main.system) / 1000];
    const groupsMs = groups.map((g) => g.cpuMs);
    return {
      events: head,
      eventsPerSec: Math.round((head * 1000) / ms),
      cpuMicrosPerEvent: Number(((cpuMs * 1000) / head).toFixed(1)),
      threads: availableParallelism(),
      // This thread's CPU (prepare, indexes, checkpoints) and each worker group's; the rest is GC, WAL checkpointers, start-up.
      mainThreadCpuMs: Math.round(mainMs),
      groupsCpuMs: groupsMs,
      // The wall on free cores cannot be below this: this thread plus the slowest group, nor all the CPU shared by the cores.
      freeCoresBoundMs: Math.round(Math.max(mainMs + Math.max(0, ...groupsMs), cpuMs / availableParallelism())),
      documents: collections.reduce((sum, c) => sum + c.documents, 0),
    };
  });
}

/**
 * The reads a grid worker and an auditor make, through the application objects the HTTP API calls (no HTTP, no
 * masking): a household's view, its history (its own stream), as-of (its history across streams, folded at a date;
 * the query is recorded on the audit stream first, an fsynced append, as the API does), the district's monthly
 * statistics and one street's monthly payment roster.
 */
async function reads(dataDir: string) {
  return withServices(dataDir, async (services, infra) => {
    // A district generated before a read model existed gets it here, as a service start would (not timed).
    const started = performance.now();
    const readModels = await startReadModels({ store: infra.store, documents: infra.documents });
    await readModels.caughtUp();
    await readModels.close();
    const readModelsCaughtUpMs = Math.round(performance.now() - started);
    const { households, districtId, streetIds } = layoutOf(dataDir);
    const rng = new Prng(7);
    const ids = Array.from({ length: SAMPLE + SAMPLE / 10 }, () => households[rng.int(0, households.length - 1)]!);
    const auditor = { actor: { id: 'bench-auditor', role: 'auditor' } };
    const view = await latency(ids, (id) => services.householdQueries.view(id));
    const history = await latency(ids, (id) => services.householdQueries.history(id));
    // The as-of's read alone (the household's streams), to split its time from the recorded query and the fold.
    const auditHistory = await latency(ids, (id) => services.audit.history(id));
    const asOf = await latency(ids, async (id) => {
      const found = await services.audit.history(id);
      return found && services.audit.asOf(found, { validAt: '2024-06-30' }, auditor);
    });
    const statistics = await latency(Array(11).fill(districtId), (id) => services.statistics.statistics(id, '2026-06'));
    const street = streetIds[0]!;
    let lines = 0;
    const roster = await latency(Array(6).fill(street), async (id) => {
      const r = await services.rosters.roster(id, '2026-06');
      lines = r.lines.length;
      return r;
    });
    return {
      householdView: view,
      householdHistory: history,
      auditHistory,
      asOf,
      districtStatistics: statistics,
      streetRoster: { ...roster, lines },
      readModelsCaughtUpMs,
      events: await infra.store.headPosition(),
    };
  });
}

/**
 * The auditor's why (`audit.why`, as `GET /v1/audit/households/{id}/why/{program}` runs it): households with an
 * assistance case sampled, each asked about its first case's program; the query is recorded first, then the
 * history across the household's streams is read, its causes followed back and its effects forward through the
 * whole store (platform audit/causes.ts). `steps` counts the case steps answered, `causedBy` the causes shown.
 */
async function why(dataDir: string) {
  return withServices(dataDir, async (services, infra) => {
    const { households } = layoutOf(dataDir);
    const rng = new Prng(13);
    const asked: { id: string; program: ProgramCode }[] = [];
    for (let tries = 0; asked.length < WHY_SAMPLE + WHY_SAMPLE / 10 && tries < 50 * WHY_SAMPLE; tries++) {
      const id = households[rng.int(0, households.length - 1)]!;
      const history = await services.audit.history(id);
      const program = history?.events.find((e) => categoryOf(e.streamId) === 'assistance' && typeof e.data.program === 'string')?.data.program;
      if (program) asked.push({ id, program: program as ProgramCode });
    }
    const auditor = { actor: { id: 'bench-auditor', role: 'auditor' } };
    let steps = 0;
    let causedBy = 0;
    const latencyOfWhy = await latency(asked, async ({ id, program }) => {
      const answer = await services.audit.why((await services.audit.history(id))!, program, auditor);
      for (const step of answer.cases.flatMap((c) => c.steps)) {
        steps += 1;
        causedBy += step.causedBy.length;
      }
    });
    return { why: latencyOfWhy, steps, causedBy, events: await infra.store.headPosition() };
  });
}

/**
 * The read side behind by CATCH_UP_COMMANDS commands: care visits to sampled households written with no read side
 * running, then the service started as `npm start` does, timed until its read models and reactions have applied them.
 */
async function catchUp(dataDir: string) {
  const { households } = layoutOf(dataDir);
  const before = await withServices(dataDir, async (services, infra) => {
    const head = await infra.store.headPosition();
    const rng = new Prng(11);
    const targets: { id: string; personId: string }[] = [];
    while (targets.length < 500) {
      const v = await services.householdQueries.view(households[rng.int(0, households.length - 1)]!);
      const member =
        v?.status === 'active' ? v.members.find((m) => m.personId === v.headId && m.diedOn === null && m.leftOn === null) : undefined;
      if (v && member) targets.push({ id: v.householdId, personId: member.personId });
    }
    let next = 0;
    const worker = { actor: { id: 'bench-grid-worker', role: 'grid-worker' } };
    const lane = async () => {
      for (let i = next++; i < CATCH_UP_COMMANDS; i = next++) {
        const t = targets[i % targets.length]!;
        const input = { personIds: [t.personId], visitedOn: '2026-07-01', kind: 'routine' as const, findings: ['all-well' as const] };
        await services.visits.record(t.id, input, worker);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: 32 }, lane));
    return { head, writeMs: Math.round(performance.now() - started), after: await infra.store.headPosition() };
  });
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const infra = await openInfrastructure(config);
  try {
    const started = performance.now();
    const service = await startGridRecords({ config, infra, port: false });
    await service.caughtUp();
    const ms = performance.now() - started;
    await service.close();
    const events = before.after - before.head;
    return {
      commands: CATCH_UP_COMMANDS,
      events,
      writeMs: before.writeMs,
      catchUpMs: Math.round(ms),
      eventsPerSec: Math.round((events * 1000) / ms),
    };
  } finally {
    await infra.close();
  }
}

async function latency<T>(inputs: T[], op: (input: T) => Promise<unknown>): Promise<Latency> {
  const warm = Math.max(1, Math.floor(inputs.length / 11));
  for (const input of inputs.slice(0, warm)) await op(input);
  const measured = inputs.slice(warm);
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (const input of measured) {
    const t = performance.now();
    await op(input);
    times.push(performance.now() - t);
  }
  const used = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  const at = (q: number) => Number(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!.toFixed(2));
  return {
    n: times.length,
    p50: at(0.5),
    p99: at(0.99),
    max: at(1),
    cpuMsPerOp: Number(((used.user + used.system) / 1000 / times.length).toFixed(2)),
  };
}

/** The generated district's ids, from its checkpoint and seed alone (ids derive from the seed as the generator made them). */
export function layoutOf(dataDir: string): { households: string[]; districtId: string; streetIds: string[] } {
  const checkpoint = readCheckpoint(dataDir);
  if (!checkpoint) throw new Error(`${dataDir}: no district here (npm run generate:district)`);
  const planner = districtPlanner({ seed: checkpoint.seed, households: 0, streets: districtStreets(checkpoint.households) });
  const regionId = (key: string) => hashedUuid(seedIdSeed(checkpoint.seed, `region:${key}`), 'region', 0);
  const households = Array.from({ length: checkpoint.done }, (_, i) =>
    hashedUuid(seedIdSeed(checkpoint.seed, `household:h${String(i + 1).padStart(5, '0')}`), 'household', 0),
  );
  return {
    households,
    districtId: regionId('d'),
    streetIds: planner.regions.filter((r) => r.level === 'street').map((r) => regionId(r.key)),
  };
}

async function withInfra<T>(dataDir: string, fn: (infra: Infrastructure, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const infra = await openInfrastructure(config);
  try {
    return await fn(infra, config);
  } finally {
    await infra.close();
  }
}

/** grid-records' application over the data folder with no read side running (as gridctl's audit commands open it). */
function withServices<T>(dataDir: string, fn: (services: GridRecordsServices, infra: Infrastructure) => Promise<T>): Promise<T> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  return withInfra(dataDir, (infra) => {
    const vault = createPersonalDataVault({ documents: infra.keys, masterKey: loadMasterKey(config) });
    return fn(
      composeServices({ store: infra.store, documents: infra.documents, vault, readModels: { reached: async () => undefined } }),
      infra,
    );
  });
}
