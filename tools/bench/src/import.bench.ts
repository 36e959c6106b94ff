/**
 * bench:import — a 户籍登记表 of 10,000 rows imported through the register import (the code behind `gridctl import`
 * and POST /v1/imports) into a fresh embedded store at synchronous=FULL: wall time, CPU time per row (every thread of
 * the process: the read side runs in a worker), then the same file again (every household skipped, as a resumed
 * import), and `gridctl import` itself as a separate process on another fresh data folder.
 * Usage and the meaning of every figure: tools/bench/README.md; results in results/import.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadConfig, openInfrastructure, type CommandContext, type Config } from '@grid/platform';
import { RegionScope, createLogger, signEmbeddedToken, type Principal } from '@grid/platform/http';
import { startService } from '@grid/platform/service';
import { RegisterImports, gridRecords } from '@grid/grid-records';
import { registerFile } from './import/register-file';
import { Options } from './lib/args';
import { BENCH_DIR, environment, round, writeResults } from './lib/results';
import { ScratchDir } from './lib/tmp';

const opts = new Options();
const config = { rows: opts.int('rows', 10_000), cli: opts.string('cli', 'true') !== 'false' };
const TARGET_MS = 60_000;
const WORKER = 'gw-bench';
const log = (line: string) => process.stderr.write(`${line}\n`);
const scratch = new ScratchDir(opts.string('dir', process.env.TMPDIR ?? '/tmp'), 'grid-bench-import-');

/** A data folder with 区 → 街道 → 社区 → 网格 and the bench's grid worker on the grid's roster; the grid's id. */
async function dataFolder(name: string): Promise<{ config: Config; gridId: string }> {
  const dir = join(scratch.path, name);
  mkdirSync(dir);
  const cfg = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'warn' });
  const infra = await openInfrastructure(cfg);
  const service = await startService(gridRecords, infra, { config: cfg, port: false, logger: createLogger({ level: 'warn' }) });
  const ctx: CommandContext = { actor: { id: 'bench', role: 'district-official' } };
  let parentId: string | null = null;
  for (const level of ['district', 'street', 'community', 'grid'] as const) {
    parentId = (await service.services.regions.create({ parentId, level, name: `测试${level}`, on: '2020-01-01' }, ctx)).id;
  }
  await service.services.regions.assignWorker(parentId!, { workerId: WORKER, from: '2020-01-01' }, ctx);
  await service.close();
  await infra.close();
  return { config: cfg, gridId: parentId! };
}

interface Run {
  ms: number;
  cpuMicrosPerRow: number;
  rowsPerSec: number;
  households: { imported: number; skipped: number; refused: number };
}

async function inProcess(bytes: Buffer): Promise<{ first: Run; again: Run; synchronous: string }> {
  const { config: cfg, gridId } = await dataFolder('in-process');
  const infra = await openInfrastructure(cfg);
  const service = await startService(gridRecords, infra, { config: cfg, port: false, logger: createLogger({ level: 'warn' }) });
  const imports = new RegisterImports(service.services, new RegionScope(service.services.tree));
  const caller: Principal = { sub: WORKER, role: 'grid-worker', scope: [gridId] };
  const once = async (label: string): Promise<Run> => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    let last = 0;
    const report = await imports.run({ name: 'register.xlsx', bytes }, {
      gridId,
      caller,
      onProgress: (done, total) => {
        if (done - last >= total / 10 || done === total) log(`  ${label}: ${(last = done)}/${total} rows, ${round((performance.now() - started) / 1000, 1)} s`);
      },
    });
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (report.households.refused > 0) throw new Error(`refused households: ${JSON.stringify(report.rows.find((r) => r.outcome === 'refused')?.errors)}`);
    return { ms: round(ms, 0), cpuMicrosPerRow: round((used.user + used.system) / report.rows.length, 0), rowsPerSec: Math.round((report.rows.length * 1000) / ms), households: report.households };
  };
  try {
    const first = await once('import');
    const again = await once('re-import');
    return { first, again, synchronous: cfg.SQLITE_SYNCHRONOUS };
  } finally {
    await service.close();
    await infra.close();
  }
}

/** `gridctl import` as a grid worker runs it: its own process, start-up included, timed from outside. */
async function cli(bytes: Buffer): Promise<number> {
  const { config: cfg, gridId } = await dataFolder('cli');
  const file = join(scratch.path, 'register.xlsx');
  writeFileSync(file, bytes);
  const token = await signEmbeddedToken(cfg, { role: 'grid-worker', scope: [gridId], sub: WORKER, ttl: '1h' });
  const main = join(BENCH_DIR, '..', 'gridctl', 'dist', 'main.js');
  const started = performance.now();
  execFileSync(process.execPath, [main, 'import', file, '--grid', gridId], { env: { ...process.env, DATA_DIR: cfg.dataDir, GRID_TOKEN: token, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
  return round(performance.now() - started, 0);
}

async function main(): Promise<void> {
  const loadBefore = loadavg().map((l) => round(l, 1));
  log(`building a register of ${config.rows} rows…`);
  const bytes = await registerFile(config.rows);
  log(`${round(bytes.length / 1024, 0)} KiB; importing in process…`);
  const measured = await inProcess(bytes);
  const cliMs = config.cli ? await cli(bytes) : null;
  const results = {
    bench: 'import',
    rows: config.rows,
    fileBytes: bytes.length,
    synchronous: measured.synchronous,
    import: measured.first,
    reimport: measured.again,
    gridctlImportMs: cliMs,
    target: { maxMs: TARGET_MS, met: measured.first.ms < TARGET_MS && (cliMs === null || cliMs < TARGET_MS) },
    // The machine is shared: 1-, 5- and 15-minute load averages before and after, to read the wall times by.
    loadAverage: { before: loadBefore, after: loadavg().map((l) => round(l, 1)) },
    environment: environment(),
  };
  const file = writeResults(config.rows === 10_000 ? 'import' : 'import.custom', results);
  log(
    `import: ${config.rows} rows in ${round(measured.first.ms / 1000, 1)} s (${measured.first.rowsPerSec} rows/s, ${measured.first.cpuMicrosPerRow} µs CPU per row); ` +
      `re-import ${round(measured.again.ms / 1000, 1)} s; gridctl import ${cliMs === null ? '-' : `${round(cliMs / 1000, 1)} s`} → ${file}`,
  );
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
