import { openInfrastructure, type Config, type Telemetry } from '@grid/platform';
import { mountServices, type DemoInfo, type MountedServices } from '@grid/platform/service';
import { banner, demoTokens } from './demo';
import { SERVICES } from './services';

/** Households the demo district gets on an empty store; 0 starts empty. */
export function seedHouseholds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SEED_HOUSEHOLDS ?? '2000';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 100_000) throw new Error(`SEED_HOUSEHOLDS must be a whole number 0–100000, got "${raw}"`);
  return n;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * The embedded process: one data folder, every service of SERVICES on one port. An empty store gets each
 * service's demo data through the running service's own application commands, so a first `npm start` has data,
 * tokens and something to curl.
 */
export async function serve(config: Config, telemetry: Telemetry): Promise<void> {
  const size = seedHouseholds();
  const infra = await openInfrastructure(config);
  let mounted: MountedServices | undefined;
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
      process.stderr.write(`stopped while seeding: ${config.dataDir} holds part of the demo data; delete it to seed afresh.\n`);
      code = code || 130;
    }
    try {
      await mounted?.close();
      await infra.close();
      await telemetry.shutdown(); // after the app: its last spans are exported
    } finally {
      process.exit(code);
    }
  };
  process.once('SIGINT', (s) => void stop(s));
  process.once('SIGTERM', (s) => void stop(s));

  try {
    // Asked before the services start (starting appends nothing): 0 means a new data folder.
    const fresh = (await infra.store.headPosition()) === 0;
    mounted = await mountServices(SERVICES, infra, { config });
    const demos: { service: string; demo: DemoInfo | null }[] = [];
    for (const service of mounted.services) {
      const demo = service.definition.demo;
      if (!demo) continue;
      if (fresh && size > 0) {
        if (demos.length === 0) out(`up on ${mounted.url} (/health answers); seeding demo data…`);
        const run = demo.seed({ services: service.services, store: infra.store, size, signal: seeding.signal, progress: out, caughtUp: () => service.caughtUp() });
        seedingRun = run;
        demos.push({ service: service.definition.name, demo: await run });
        seedingRun = undefined;
      } else {
        demos.push({ service: service.definition.name, demo: await demo.find(infra.store) });
      }
    }
    const tokens = await demoTokens(config, uniqueUsers(demos));
    out(banner({ url: mounted.url, config, kinds: infra.kinds, services: SERVICES.map((s) => s.name), demos, tokens }));
  } catch (error) {
    if (seeding.signal.aborted) return; // `stop` waits for the seeding to settle, closes everything and exits
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    await stop('error', 1);
  }
}

/** One token per shell variable: services may name the same demo user. */
function uniqueUsers(demos: { demo: DemoInfo | null }[]) {
  const byVariable = new Map(demos.flatMap(({ demo }) => demo?.users ?? []).map((u) => [u.variable, u]));
  return [...byVariable.values()];
}
