/**
 * bench:api — household commands over HTTP on the embedded default (fresh data folder, SQLite WAL with
 * synchronous=FULL), against the same HTTP stack answering a no-op POST and bare fastify. The server runs in its
 * own process; autocannon drives it from this one. Notes and how to read the figures: src/api/NOTES.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { HouseholdBodies, Transfers } from './api/bodies';
import { runLoad, type LoadResult, type LoadSpec } from './api/load';
import { runPaced } from './api/paced';
import { summariseProfile } from './api/profile';
import type { FromServer, LoopDelay, Ready, ToServer } from './api/server';
import { Options } from './lib/args';
import { environment, round, writeResults } from './lib/results';
import { formatTable } from './lib/table';
import { ScratchDir } from './lib/tmp';

const opts = new Options();
const defaults = () => ['duration', 'connections', 'rate', 'rate-connections', 'log-level', 'synchronous'].every((n) => !opts.has(n));
const settings = {
  /** Seconds per measurement. */
  duration: opts.int('duration', 10),
  warmup: opts.int('warmup', 3),
  /** Enough in flight that group commit has company and the server, not the client, is the limit. */
  connections: opts.int('connections', 64),
  rate: opts.int('rate', 500),
  /** At a fixed rate: enough connections that a slow answer does not hold the next request back. */
  rateConnections: opts.int('rate-connections', 32),
  /** The embedded default logs every request at info (to stdout, here /dev/null): kept, it is part of the cost. */
  logLevel: opts.string('log-level', 'info'),
  /** FULL is the embedded default and the only setting results/api.json takes; NORMAL is for diagnosis (what fsync costs). */
  synchronous: opts.string('synchronous', 'FULL'),
  /** `--profile` (= households) or `--profile transfer`: CPU-profile the server during that command's max-rate run. */
  profile: ((v) => (v === 'true' ? 'households' : v === 'false' ? '' : v))(opts.string('profile', '')),
  /** Where --profile writes the .cpuprofile (default: the scratch folder, removed on exit). */
  profileDir: opts.string('profile-dir', ''),
  baseline: opts.bool('baseline', true),
  /** Also time a light household command (转移网格) on the seeded households, to split the cost. */
  transfer: opts.bool('transfer', true),
  out: opts.string('out', defaults() ? 'api' : 'api.custom'),
};

if (!['', 'households', 'transfer'].includes(settings.profile)) throw new Error('--profile takes households (the default) or transfer');

const scratch = new ScratchDir(opts.string('dir', process.env.TMPDIR ?? '/tmp'), 'grid-bench-api-');
const log = (line: string) => process.stderr.write(`${line}\n`);
const profileDir = () => settings.profileDir || join(scratch.path, 'profile');

function startServer(): Promise<{ child: ChildProcess; ready: Ready; request: (m: ToServer) => Promise<FromServer | void> }> {
  const child = fork(join(__dirname, 'api', 'server.js'), {
    env: {
      ...process.env,
      BENCH_DATA_DIR: join(scratch.path, 'data'),
      BENCH_LOG_LEVEL: settings.logLevel,
      BENCH_SYNCHRONOUS: settings.synchronous,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'], // request logs go to /dev/null: written, not read
  });
  const request = (m: ToServer) =>
    new Promise<FromServer | void>((resolve) => {
      if (m.type === 'stop') {
        child.once('exit', () => resolve());
        child.send(m);
        return;
      }
      child.once('message', (reply: FromServer) => resolve(reply));
      child.send(m);
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited (${code}) before it was ready`)));
    child.once('message', (m: FromServer) =>
      m.type === 'ready' ? resolve({ child, ready: m, request }) : reject(new Error('unexpected message')),
    );
  });
}

async function main(): Promise<void> {
  const loadBefore = loadavg().map((n) => round(n));
  log(`bench:api  duration ${settings.duration}s  connections ${settings.connections}  rate ${settings.rate}/s  log ${settings.logLevel}`);
  const { ready, request } = await startServer();
  // What an acknowledged append survives (FULL = power loss), whether SQLite fsyncs in the COMMIT or the WAL is synced off the loop.
  if (ready.pragmas.durability !== settings.synchronous || ready.pragmas.journalMode !== 'wal')
    throw new Error(
      `the store runs ${ready.pragmas.journalMode} with ${ready.pragmas.durability} durability, not wal/${settings.synchronous}: refusing to report`,
    );
  // Enough distinct households for the warm-up and both runs at a generous ceiling; a shortfall throws, never repeats.
  const bodies = new HouseholdBodies(
    opts.int('bodies', (settings.warmup + settings.duration) * 8000 + settings.duration * settings.rate * 2),
    ready.microGrids,
  );
  log(
    `  ${bodies.size.toLocaleString('en-US')} distinct household bodies prepared; store ${ready.pragmas.journalMode}, durability=${ready.pragmas.durability} (sqlite synchronous=${ready.pragmas.synchronous})`,
  );
  const households = (name: string, extra: Partial<LoadSpec>): LoadSpec => ({
    name,
    url: ready.url,
    token: ready.token,
    next: () => ({ path: '/v1/households', body: bodies.take() }),
    connections: settings.connections,
    duration: settings.duration,
    expect: 201,
    ...extra,
  });
  const transfers = new Transfers(ready.households, ready.microGrids);
  const transfer = (name: string, extra: Partial<LoadSpec>): LoadSpec => ({
    ...households(name, extra),
    next: () => transfers.take(),
    expect: 200,
  });
  const noopBody = bodies.take();
  const noop = (name: string, url: string, extra: Partial<LoadSpec>): LoadSpec => ({
    ...households(name, extra),
    url,
    next: () => ({ path: '/bench/noop', body: noopBody }),
  });

  type Measured = LoadResult & {
    appendsPerCommit?: number;
    loopDelayMs?: LoopDelay;
    serverLatencyMs?: LoopDelay;
    /** CPU time per answered request: the server process (all its threads) and this load generator. */
    cpuMsPerRequest?: { server: number; loadGenerator: number };
  };
  const results: Measured[] = [];
  const stats = async () => {
    const reply = await request({ type: 'stats' });
    return reply?.type === 'stats' ? reply : undefined;
  };
  /** At a fixed rate the paced, open-loop generator runs (api/paced.ts says why not autocannon's overallRate). */
  const measure = async (spec: LoadSpec, record = true): Promise<Measured> => {
    const before = await stats(); // also restarts the server's loop-delay histogram
    const clientCpu = process.cpuUsage();
    const load = spec.rate && !spec.burst ? await runPaced({ ...spec, rate: spec.rate }) : await runLoad(spec);
    const clientUsed = process.cpuUsage(clientCpu);
    const after = await stats();
    const result: Measured = { ...load };
    if (after && load.requests > 0)
      result.cpuMsPerRequest = {
        server: round(after.cpuMs / load.requests, 3),
        loadGenerator: round((clientUsed.user + clientUsed.system) / 1000 / load.requests, 3),
      };
    if (before && after) {
      const commits = after.stats.transactions - before.stats.transactions;
      if (commits > 0) result.appendsPerCommit = (after.stats.appends - before.stats.appends) / commits;
      result.loopDelayMs = after.loopDelay;
      if (after.serverLatency.p50 > 0) result.serverLatencyMs = after.serverLatency;
    }
    const codes = result.failed > 0 ? ` ${JSON.stringify(result.statusCodes)}` : '';
    const group = result.appendsPerCommit ? `, ${result.appendsPerCommit.toFixed(1)} appends/commit` : '';
    const loop = result.loopDelayMs ? `, loop delay p99 ${result.loopDelayMs.p99} ms` : '';
    const cpu = result.cpuMsPerRequest ? `, CPU ms/request server ${result.cpuMsPerRequest.server} client ${result.cpuMsPerRequest.loadGenerator}` : '';
    const served = result.serverLatencyMs ? `, server-side p50/p99 ${result.serverLatencyMs.p50}/${result.serverLatencyMs.p99} ms` : '';
    log(
      `  ${spec.name}: ${Math.round(result.okPerSec)}/s ok, p99 ${result.latencyMs.p99} ms, failed ${result.failed}${codes}${group}${loop}${served}${cpu}`,
    );
    if (record) results.push(result);
    return result;
  };

  await measure(households('warm-up', { duration: settings.warmup }), false);
  const profileFile = join(profileDir(), `api-${settings.profile}-max.cpuprofile`);
  const profiled = async <T>(command: string, run: () => Promise<T>): Promise<T> => {
    if (settings.profile !== command) return run();
    mkdirSync(profileDir(), { recursive: true });
    await request({ type: 'profile-start' });
    const result = await run();
    await request({ type: 'profile-stop', file: profileFile });
    return result;
  };
  const max = await profiled('households', () => measure(households('POST /v1/households, max', {})));
  const fixed = await measure(
    households(`POST /v1/households at ${settings.rate}/s`, { rate: settings.rate, connections: settings.rateConnections }),
  );
  // For comparison with figures measured before the paced generator: autocannon's 1 s bursts at the same rate.
  const burst = await measure(
    households(`POST /v1/households, autocannon overallRate ${settings.rate} (1 s bursts)`, {
      rate: settings.rate,
      connections: settings.rateConnections,
      burst: true,
    }),
  );
  const light = settings.transfer
    ? {
        max: await profiled('transfer', () => measure(transfer('POST /v1/households/{id}/transfer, max', {}))),
        fixed: await measure(
          transfer(`POST /v1/households/{id}/transfer at ${settings.rate}/s`, {
            rate: settings.rate,
            connections: settings.rateConnections,
          }),
        ),
      }
    : undefined;
  let baseline: { max: LoadResult; fixed: LoadResult; bare: LoadResult } | undefined;
  if (settings.baseline) {
    await measure(noop('warm-up baseline', ready.baselineUrl, { duration: settings.warmup }), false);
    baseline = {
      max: await measure(noop('baseline POST /bench/noop, max', ready.baselineUrl, {})),
      fixed: await measure(
        noop(`baseline POST /bench/noop at ${settings.rate}/s`, ready.baselineUrl, {
          rate: settings.rate,
          connections: settings.rateConnections,
        }),
      ),
      bare: await measure(noop('bare fastify POST, max', ready.bareUrl, {})),
    };
  }
  await request({ type: 'stop' });

  const table = formatTable(
    ['run', 'ok/s', 'failed', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'server p99 ms', 'CPU ms/req (server)', 'appends/commit', 'loop delay p99 ms'],
    results.map((r) => [
      r.name,
      String(Math.round(r.okPerSec)),
      String(r.failed),
      String(r.latencyMs.p50),
      String(r.latencyMs.p90),
      String(r.latencyMs.p99),
      String(r.latencyMs.max),
      r.serverLatencyMs ? String(r.serverLatencyMs.p99) : '-',
      r.cpuMsPerRequest ? String(r.cpuMsPerRequest.server) : '-',
      r.appendsPerCommit ? r.appendsPerCommit.toFixed(1) : '-',
      r.loopDelayMs ? String(r.loopDelayMs.p99) : '-',
    ]),
  );
  process.stdout.write(`\n${table}\n\n`);
  const commandsPerSec = Math.round(max.okPerSec);
  const p99MsAt500 = fixed.latencyMs.p99;
  process.stdout.write(`commandsPerSec ${commandsPerSec} (target ≥ 2000)   p99MsAt${settings.rate} ${p99MsAt500} ms (target < 10)\n`);
  if (baseline)
    process.stdout.write(
      `framework share: a no-op POST on the same stack runs ${Math.round(baseline.max.okPerSec)}/s, ${(baseline.max.okPerSec / Math.max(1, max.okPerSec)).toFixed(1)}× the command rate\n`,
    );

  let profile: string[] | undefined;
  if (settings.profile) {
    if (existsSync(profileFile)) {
      profile = summariseProfile(profileFile, 25);
      process.stdout.write(`\nserver CPU profile of the max-rate ${settings.profile} run:\n${profile.join('\n')}\n`);
    }
  }

  const file = writeResults(settings.out, {
    benchmark: 'api',
    commandsPerSec,
    p99MsAt500: settings.rate === 500 ? p99MsAt500 : null,
    p99MsAutocannonBurst: burst.latencyMs.p99,
    ...(settings.rate === 500 ? {} : { [`p99MsAt${settings.rate}`]: p99MsAt500 }),
    command: 'POST /v1/households (register a household, 1–4 members with valid 身份证 numbers, every body new)',
    targets: { commandsPerSec: 2000, p99MsAt500: 10 },
    transfer: light && {
      what: 'POST /v1/households/{id}/transfer on the seeded households: a household command without personal data',
      commandsPerSec: Math.round(light.max.okPerSec),
      p99MsAt500: light.fixed.latencyMs.p99,
    },
    baseline: baseline && {
      what: 'the same createHttpApp stack (token, guards, interceptors, zod, request log) around a no-op POST /bench/noop; and bare fastify',
      requestsPerSec: Math.round(baseline.max.okPerSec),
      p99MsAt500: baseline.fixed.latencyMs.p99,
      bareFastifyRequestsPerSec: Math.round(baseline.bare.okPerSec),
    },
    runs: results.map((r) => ({
      ...r,
      okPerSec: round(r.okPerSec, 1),
      ...(r.appendsPerCommit ? { appendsPerCommit: round(r.appendsPerCommit, 2) } : {}),
    })),
    settings: {
      ...settings,
      synchronous: ready.pragmas.synchronous,
      durability: ready.pragmas.durability,
      journalMode: ready.pragmas.journalMode,
      householdsRegistered: bodies.used - 1,
      seededActiveHouseholds: ready.households.length, // the demo district, before the runs; transfers move these
      processes: 'server and load generator in separate processes',
    },
    ...(profile ? { profileTop: profile } : {}),
    // Other jobs share this machine: the 1/5/15-minute load averages before and after say how quiet it was.
    loadAverage: { before: loadBefore, after: loadavg().map((n) => round(n)) },
    environment: environment(),
  });
  log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
