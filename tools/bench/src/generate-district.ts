/**
 * `npm run generate:district -- --households N`: a district of N households through grid-records' own commands, on
 * the embedded default in `--data-dir` (default .cache/district/<N>), resumable (Ctrl-C, then the same command).
 * What it writes and how: tools/bench/README.md "bench:district".
 */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { SingleBar } from 'cli-progress';
import { generateDistrict } from './district/generate';
import { defaultDistrictDir } from './district/paths';

const positive = (value: string): number => {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`a whole number ≥ 1, got "${value}"`);
  return n;
};

const cli = new Command('generate-district')
  .description('build a district through grid-records’ commands (resumable; the same seed, the same district)')
  .requiredOption('--households <n>', 'households (≈ 3 residents each)', positive)
  .option('--data-dir <dir>', 'the data folder (default .cache/district/<households>)')
  .option('--seed <n>', 'the plan’s seed', positive, 2020)
  .option('--batch <n>', 'households per checkpoint', positive, 500)
  .option('--concurrency <n>', 'households written at once', positive, 32)
  .action(async (opts: { households: number; dataDir?: string; seed: number; batch: number; concurrency: number }) => {
    const dataDir = resolve(opts.dataDir ?? defaultDistrictDir(opts.households));
    const abort = new AbortController();
    process.once('SIGINT', () => {
      process.stderr.write('\nstopping after this batch (checkpointed; run the same command to go on)…\n');
      abort.abort(new Error('interrupted'));
    });
    const bar = new SingleBar({
      stream: process.stderr,
      format: 'households {bar} {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}',
      etaBuffer: 20,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 10_000,
    });
    const started = performance.now();
    let first: number | undefined;
    const result = await generateDistrict({
      households: opts.households,
      dataDir,
      seed: opts.seed,
      batch: opts.batch,
      concurrency: opts.concurrency,
      signal: abort.signal,
      onProgress: (done, total) => {
        if (first === undefined) bar.start(total, (first = done), { rate: 0 });
        bar.update(done, { rate: Math.round((done - first) / Math.max((performance.now() - started) / 1000, 1e-3)) });
      },
    });
    bar.stop();
    const last = result.marks.at(-1);
    process.stdout.write(
      `${JSON.stringify({ dataDir, done: result.done, households: result.households, events: last?.events, wallMs: last?.wallMs, cpuMs: last?.cpuMs, counts: result.counts }, null, 2)}\n`,
    );
  });

cli.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
