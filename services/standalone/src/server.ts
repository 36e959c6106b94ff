import { openInfrastructure, type Config, type Infrastructure, type Telemetry } from '@grid/platform';
import { findSeededDistrict, seedService, startGridRecords, type GridRecords, type SeedLayout } from '@grid/grid-records';
import { banner, demoTokens, seedingLine } from './demo';

/** Households the demo district gets on an empty store; 0 starts empty. */
export function seedHouseholds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SEED_HOUSEHOLDS ?? '2000';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 100_000) throw new Error(`SEED_HOUSEHOLDS must be a whole number 0–100000, got "${raw}"`);
  return n;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * The embedded process: one data folder, every service on one port (grid-records today; elections, charity
 * and help-projects mount here the same way as they arrive). An empty store gets the demo district through the
 * running service's own application commands, so a first `npm start` has data, tokens and something to curl.
 */
export async function serve(config: Config, telemetry: Telemetry): Promise<void> {
  const households = seedHouseholds();
  const infra = await openInfrastructure(config);
  let service: GridRecords | undefined;
  // One stop for every moment: a signal while seeding lets the commands in flight finish, then stops.
  const seeding = new AbortController();
  let seedingRun: Promise<unknown> | undefined;
  let stopping = false;
  const stop = async (signal: NodeJS.Signals | 'error', code = 0) => {
    if (stopping) return;
    stopping = true;
    if (signal !== 'error') out(`${signal}: stopping…`);
    const running = seedingRun;
    if (running) {
      seeding.abort(new Error(`stopped by ${signal}`));
      await running.catch(() => undefined);
      process.stderr.write(`stopped while seeding: ${config.dataDir} holds part of the demo district; delete it to seed afresh.\n`);
      code = code || 130;
    }
    try {
      await service?.close();
      await infra.close();
      await telemetry.shutdown(); // after the app: its last spans are exported
    } finally {
      process.exit(code);
    }
  };
  process.once('SIGINT', (s) => void stop(s));
  process.once('SIGTERM', (s) => void stop(s));

  try {
    // Asked before the service starts (starting appends nothing): 0 means a new data folder.
    const fresh = (await infra.store.headPosition()) === 0;
    service = await startGridRecords({ config, infra });
    let layout: SeedLayout | null;
    let seeded: { households: number; ms: number } | null = null;
    if (fresh && households > 0) {
      const run = seed(service, infra, households, seeding.signal);
      seedingRun = run;
      const result = await run;
      seedingRun = undefined;
      layout = result;
      seeded = { households: result.counts.households, ms: result.ms };
    } else {
      layout = await findSeededDistrict(infra.store);
    }
    const tokens = layout ? await demoTokens(config, layout) : [];
    out(banner({ url: service.url, config, kinds: infra.kinds, layout, seeded, tokens }));
  } catch (error) {
    if (seeding.signal.aborted) return; // `stop` waits for the seeding to settle, closes everything and exits
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    await stop('error', 1);
  }
}

async function seed(service: GridRecords, infra: Infrastructure, households: number, signal: AbortSignal) {
  out(
    `grid-records is up on ${service.url} (/health answers); seeding the demo district 冷水滩区 (first start only, SEED_HOUSEHOLDS=0 skips it)…`,
  );
  const result = await seedService(service, infra.store, { households, signal, onProgress: (p) => out(seedingLine(p)) });
  const c = result.counts;
  out(
    `  seeded ${c.regions} regions, ${c.workers} grid workers, ${c.households} households, ${c.residents} residents, ` +
      `${c.cases} assistance cases (${c.caseSteps} steps), ${c.visits} visits in ${(result.ms / 1000).toFixed(1)} s`,
  );
  return result;
}
