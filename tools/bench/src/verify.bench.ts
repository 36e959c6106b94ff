/**
 * bench:verify — `gridctl verify`'s check (event hashes, stream chains, the log chain, positions, the streams table,
 * an anchor) over a generated store: auditLog on one thread (the baseline) and auditLogParallel on every core (what
 * `gridctl verify` runs), alternated on the same file: events/s, CPU time per event (all threads) and the load average.
 * Usage and the meaning of every figure: tools/bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { auditLog, auditLogParallel, createAnchor, SqliteEventStore, type AuditReport } from '@grid/platform';
import { Options } from './lib/args';
import { BENCH_DIR, environment, round, writeResults } from './lib/results';
import { fmtRate, median, Recorder } from './lib/timing';
import { ScratchDir } from './lib/tmp';
import { makeEvents, spreadOver } from './store/rows';

const opts = new Options();
const config = {
  events: opts.int('events', 200_000),
  streams: opts.int('streams', 20_000),
  dataBytes: opts.int('data-bytes', 400, 64),
  runs: opts.int('runs', 3),
  threads: opts.int('threads', availableParallelism()),
};
const TARGET = 200_000;
const log = (line: string) => process.stderr.write(`${line}\n`);
const scratch = new ScratchDir(opts.string('dir', process.env.TMPDIR ?? '/tmp'), 'grid-bench-verify-');

/** The store to verify: every event its own append, 64 writers over the streams (interleaved positions, group-committed). */
async function generate(path: string): Promise<void> {
  const store = await SqliteEventStore.open({ path, synchronous: 'OFF' });
  const plans = spreadOver(makeEvents(config.events, config.dataBytes), config.streams);
  let next = 0;
  const writer = async () => {
    for (let p = next++; p < plans.length; p = next++) {
      const { streamId, events } = plans[p]!;
      for (let i = 0; i < events.length; i += 1) await store.append(streamId, [events[i]!], { expectedRevision: i - 1 < 0 ? 'no-stream' : i - 1 });
    }
  };
  await Promise.all(Array.from({ length: 64 }, writer));
  await store.close();
}

/** `gridctl export` and `tools/verify-export.mjs`, each its own process as an auditor runs them, timed from outside. */
function exportAndCheck(dataDir: string): { exportMs: number; verifyMs: number } {
  const root = join(BENCH_DIR, '..', '..');
  const out = join(dataDir, 'export');
  const timedRun = (args: string[]) => {
    const started = performance.now();
    execFileSync(process.execPath, args, { env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'ignore', 'inherit'] });
    return round(performance.now() - started, 0);
  };
  const exportMs = timedRun([join(root, 'tools', 'gridctl', 'dist', 'main.js'), 'export', '--out', out]);
  const verifyMs = timedRun([join(root, 'tools', 'verify-export.mjs'), out]);
  log(`export ${exportMs} ms, standalone verify ${verifyMs} ms`);
  return { exportMs, verifyMs };
}

async function main(): Promise<void> {
  const path = join(scratch.path, 'grid.db'); // DATA_DIR's store, for gridctl export
  log(`generating ${fmtRate(config.events)} events over ${fmtRate(config.streams)} streams (~${config.dataBytes} B of data each)…`);
  await generate(path);
  const dataDir = scratch.path;
  await createAnchor(path, dataDir, { id: 'bench', role: 'system' });
  const bytes = statSync(path).size;
  const recorder = new Recorder();
  const cpuPerEvent: Record<string, number[]> = { single: [], threaded: [] };
  const load: number[] = [];
  const timed = (name: 'single' | 'threaded', verify: () => Promise<AuditReport> | AuditReport) =>
    recorder.run(name, async () => {
      const cpu = process.cpuUsage(); // every thread of the process
      const started = performance.now();
      const report = await verify();
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      if (!report.ok || report.anchorsChecked !== 1) throw new Error(`verify failed: ${JSON.stringify(report.fault)}`);
      cpuPerEvent[name]!.push((used.user + used.system) / report.events);
      return { events: report.events, ms };
    });
  for (let run = 0; run < config.runs; run += 1) {
    load.push(loadavg()[0]!);
    await timed('single', () => auditLog(path));
    await timed('threaded', () => auditLogParallel(path, { threads: config.threads }));
  }
  const [single, threaded] = [recorder.measurement('single'), recorder.measurement('threaded')];
  const exported = exportAndCheck(scratch.path);
  const figures = (m: typeof single, name: string) => ({
    eventsPerSec: Math.round(m.eventsPerSec),
    cpuMicrosPerEvent: round(median(cpuPerEvent[name]!)),
    spread: round(m.spread),
    runs: m.runs.map((r) => ({ events: r.events, ms: round(r.ms, 1) })),
  });
  const results = {
    bench: 'verify',
    eventsPerSec: Math.round(threaded.eventsPerSec),
    target: { min: TARGET, met: threaded.eventsPerSec >= TARGET },
    threaded: { threads: config.threads, ...figures(threaded, 'threaded') },
    single: figures(single, 'single'),
    threadedVsSingle: round(threaded.eventsPerSec / single.eventsPerSec),
    loadAverage1m: { atRuns: load.map((l) => round(l)), after: round(loadavg()[0]!) },
    exportMs: exported.exportMs,
    verifyExportMs: exported.verifyMs,
    exportTarget: { maxMs: 10_000, met: exported.exportMs + exported.verifyMs < 10_000 },
    storeBytesPerEvent: Math.round(bytes / (config.events + 1)),
    config,
    environment: environment(),
  };
  const defaults = ['events', 'streams', 'data-bytes'].every((name) => !opts.has(name));
  const file = writeResults(defaults ? 'verify' : 'verify.custom', results);
  log(
    `verify: ${config.threads} threads ${fmtRate(threaded.eventsPerSec)} events/s (target ${fmtRate(TARGET)}), ${results.threaded.cpuMicrosPerEvent} µs CPU per event; ` +
      `1 thread ${fmtRate(single.eventsPerSec)} events/s, ${results.single.cpuMicrosPerEvent} µs CPU per event; ×${results.threadedVsSingle}; load ${results.loadAverage1m.atRuns.join(' ')} → ${file}`,
  );
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
