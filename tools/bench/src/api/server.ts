// The system under test, forked by api.bench.ts into its own process: autocannon must not share its event loop
// (on a 2-core machine the load generator gets the other core). Talks to the parent over IPC only.
import { loadConfig, openInfrastructure, SqliteEventStore } from '@grid/platform';
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
  pragmas: { journalMode: string; synchronous: string };
}

type GroupCommitStats = ReturnType<SqliteEventStore['stats']>;

export type ToServer = { type: 'stats' } | { type: 'stop' };
export type FromServer = Ready | { type: 'stats'; stats: GroupCommitStats };

async function main(): Promise<void> {
  const send = (message: FromServer) => process.send!(message);
  const config = loadConfig({
    DATA_DIR: process.env.BENCH_DATA_DIR,
    // The embedded default's durability: an fsync per commit (group commit shares it).
    SQLITE_SYNCHRONOUS: 'FULL',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
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
  const address = (a: { address(): unknown }) => `http://127.0.0.1:${(a.address() as { port: number }).port}`;
  const { journalMode, synchronous } = store.pragmas();
  send({
    type: 'ready',
    url: service.url,
    baselineUrl: address(baseline.getHttpServer()),
    bareUrl: address(bare.server),
    token,
    microGrids: seeded.workers.filter((w) => /m\d+$/.test(w.gridKey)).map((w) => w.gridId),
    households: seeded.households.filter((h) => h.active).map(({ id, gridId }) => ({ id, gridId })),
    pragmas: { journalMode, synchronous },
  });
  process.on('message', (message: ToServer) => {
    if (message.type === 'stats') send({ type: 'stats', stats: store.stats() });
    if (message.type === 'stop') {
      // A clean exit, so that --cpu-prof writes its profile.
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

main().catch((error: unknown) => {
  process.stderr.write(`bench server: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
