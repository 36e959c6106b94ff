// The system under test, forked by api.bench.ts into its own process: autocannon must not share its event loop
// (on a 2-core machine the load generator gets the other core). Talks to the parent over IPC only.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { chinaToday, loadConfig, openInfrastructure, SqliteEventStore } from '@grid/platform';
import { createLogger, signEmbeddedToken } from '@grid/platform/http';
import { seedService, startGridRecords } from '@grid/grid-records';
import { startBareFastify, startBaseline } from './baseline';

export interface Ready {
  type: 'ready';
  /** grid-records (POST /v1/households). */
  url: string;
  /** The same HTTP stack around a no-op handler (POST /bench/noop). */
  baselineUrl: string;
  bareUrl: string;
  /** A grid worker's token scoped to the whole district, so any micro-grid is in scope. */
  token: string;
  microGrids: string[];
  /** Seeded households (for the transfer run), with the micro-grid each is in. */
  households: { id: string; gridId: string }[];
  pragmas: { journalMode: string; synchronous: string; durability: string };
}

type GroupCommitStats = ReturnType<SqliteEventStore['stats']>;

export type ToServer = { type: 'stats' } | { type: 'stop' } | { type: 'profile-start' } | { type: 'profile-stop'; file: string };
/**
 * Event-loop delay since the previous stats request, in ms: how long ready work waited behind synchronous work.
 * The same shape for the server-side latency of grid-records' requests (arrival to the last byte written).
 */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}
export type FromServer =
  | Ready
  | { type: 'stats'; stats: GroupCommitStats; loopDelay: LoopDelay; serverLatency: LoopDelay; cpuMs: number }
  | { type: 'profiled'; file: string };

async function main(): Promise<void> {
  const send = (message: FromServer) => process.send!(message);
  const config = loadConfig({
    DATA_DIR: process.env.BENCH_DATA_DIR,
    // The embedded default's durability: an fsync per commit (group commit shares it). NORMAL only to diagnose.
    SQLITE_SYNCHRONOUS: process.env.BENCH_SYNCHRONOUS ?? 'FULL',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    // One bench user sends as fast as answered: the per-caller limit would measure itself.
    HTTP_RATE_LIMIT_PER_MINUTE: '1000000000',
  });
  const infra = await openInfrastructure(config);
  if (!(infra.store instanceof SqliteEventStore)) throw new Error('the API bench runs on the embedded SQLite store');
  const store = infra.store;
  const service = await startGridRecords({ config, infra, port: 0 });
  // The demo district (tree, grid workers, households): registrations land in a populated store, transfers move these.
  const seeded = await seedService(service, store, { households: Number(process.env.BENCH_SEED_HOUSEHOLDS ?? 2000) });
  const baseline = await startBaseline(config, store, infra.documents, createLogger({ level: config.LOG_LEVEL }));
  const bare = await startBareFastify();
  const token = await signEmbeddedToken(config, { sub: 'bench-grid-worker', role: 'grid-worker', scope: [seeded.districtId], ttl: '2h' });
  await assignToEveryGrid(service.url!, 'bench-grid-worker', seeded.regionIds, await signEmbeddedToken(config, { sub: 'bench-official', role: 'district-official', scope: [seeded.districtId], ttl: '1h' }));
  const address = (a: { address(): unknown }) => `http://127.0.0.1:${(a.address() as { port: number }).port}`;
  const { journalMode, synchronous, durability } = store.pragmas();
  send({
    type: 'ready',
    url: service.url!,
    baselineUrl: address(baseline.getHttpServer()),
    bareUrl: address(bare.server),
    token,
    microGrids: seeded.workers.filter((w) => /m\d+$/.test(w.gridKey)).map((w) => w.gridId),
    households: seeded.households.filter((h) => h.active).map(({ id, gridId }) => ({ id, gridId })),
    pragmas: { journalMode, synchronous, durability },
  });
  const profiler = new CpuProfiler();
  // node:sqlite runs on this thread, fsync included: the loop delay shows how long requests wait behind it.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  // What the server itself takes per request (µs), apart from the client's own delays and the network.
  const served = createHistogram();
  service.app.getHttpServer().on('request', (_req: unknown, res: { once(e: 'finish', f: () => void): void }) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => served.record(Math.max(1, Number((process.hrtime.bigint() - started) / 1000n))));
  });
  // CPU time of the whole server process (request thread, read-side worker, SQLite, crypto, thread pool).
  let cpu = process.cpuUsage();
  process.on('message', (message: ToServer) => {
    if (message.type === 'stats') {
      const used = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      const ms = (ns: number) => Math.round(ns / 1e4) / 100;
      send({
        type: 'stats',
        stats: store.stats(),
        loopDelay: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
        cpuMs: (used.user + used.system) / 1000,
        serverLatency: served.count === 0 ? { p50: 0, p99: 0, max: 0 } : { p50: ms(served.percentile(50) * 1000), p99: ms(served.percentile(99) * 1000), max: ms(served.max * 1000) },
      });
      loop.reset();
      served.reset();
    }
    // Profiles one measured run only (not the start, the seeding or the other runs), so it shows what bounds that run.
    if (message.type === 'profile-start') void profiler.start().then(() => send({ type: 'profiled', file: '' }));
    if (message.type === 'profile-stop') void profiler.stop(message.file).then(() => send({ type: 'profiled', file: message.file }));
    if (message.type === 'stop') {
      void (async () => {
        await bare.close();
        await baseline.close();
        await service.close();
        await infra.close();
        process.exit(0);
      })();
    }
  });
}

/** The V8 CPU profiler of this process, through the inspector (what `--cpu-prof` uses, but for a chosen span). */
class CpuProfiler {
  private readonly session = new Session();

  async start(): Promise<void> {
    this.session.connect();
    await this.post('Profiler.enable');
    await this.post('Profiler.start');
  }

  async stop(file: string): Promise<void> {
    const { profile } = (await this.post('Profiler.stop')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    this.session.disconnect();
  }

  private post(method: string): Promise<unknown> {
    return new Promise((resolve, reject) => this.session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

/** Grid workers write only in grids whose roster they are on: the bench's one worker serves every grid (and so its micro-grids). */
async function assignToEveryGrid(url: string, workerId: string, regionIds: Record<string, string>, officialToken: string): Promise<void> {
  const grids = Object.entries(regionIds).filter(([key]) => /g$/.test(key)).map(([, id]) => id);
  for (const gridId of grids) {
    const res = await fetch(`${url}/v1/grids/${gridId}/workers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officialToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ workerId, from: chinaToday() }),
    });
    if (!res.ok) throw new Error(`assigning ${workerId} to grid ${gridId}: ${res.status} ${await res.text()}`);
  }
}
