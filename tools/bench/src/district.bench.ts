/**
 * bench:district — on a district made by `npm run generate:district`: rebuild of every read model, `gridctl verify`,
 * household read / history / as-of, district statistics, a street's payment roster, read-side catch-up after 10,000
 * commands; wall and CPU time and peak RSS of each step (each its own process), file sizes. The steps run on a copy
 * of the data folder (as-of records its queries and catch-up writes), so a district can be benched again.
 * Usage and the meaning of every figure: tools/bench/README.md "bench:district".
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readCheckpoint } from './district/checkpoint';
import { districtMarkdown, districtSvg, verdictsOf, type DistrictRun } from './district/report';
import { runStep, STEPS, type StepResult } from './district/steps';
import { defaultDistrictDir } from './district/paths';
import { Options } from './lib/args';
import { environment, replaceMarkedBlock, RESULTS_DIR, writeResults } from './lib/results';
import { ScratchDir } from './lib/tmp';

const opts = new Options();
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const step = opts.string('step', '');
  if (step) {
    // A child: one step, its figures as the last line of stdout.
    process.stdout.write(`${JSON.stringify(await runStep(step, opts.string('data-dir', '')))}\n`);
    return;
  }
  const households = opts.int('households', 25_000);
  const dataDir = resolve(opts.string('data-dir', defaultDistrictDir(households)));
  const checkpoint = readCheckpoint(dataDir);
  if (!checkpoint || checkpoint.done < checkpoint.households)
    throw new Error(
      `${dataDir}: no finished district (${checkpoint?.done ?? 0} of ${households}): npm run generate:district -- --households ${households}`,
    );
  const files = Object.fromEntries(
    readdirSync(dataDir)
      .filter((f) => f.endsWith('.db'))
      .map((f) => [
        f,
        ['', '-wal'].reduce((sum, s) => sum + (existsSync(join(dataDir, f + s)) ? statSync(join(dataDir, f + s)).size : 0), 0),
      ]),
  );
  const scratch = new ScratchDir(opts.string('dir', process.env.TMPDIR ?? '/tmp'), 'grid-bench-district-');
  const copy = join(scratch.path, 'data');
  log(`copying ${dataDir} to ${copy}…`);
  cpSync(dataDir, copy, { recursive: true });
  const steps: Record<string, StepResult> = {};
  for (const name of opts.string('steps', Object.keys(STEPS).join(',')).split(',')) {
    log(`${name}…`);
    const out = execFileSync(process.execPath, [__filename, '--step', name, '--data-dir', copy], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 26,
    });
    steps[name] = JSON.parse(out.trim().split('\n').at(-1)!) as StepResult;
    log(`  ${JSON.stringify(steps[name])}`);
  }
  const last = checkpoint.marks.at(-1)!;
  const run: DistrictRun = {
    households: checkpoint.done,
    events: last.events,
    generation: {
      wallMs: last.wallMs,
      cpuMs: last.cpuMs,
      rssMb: Math.max(...checkpoint.marks.map((m) => m.rssMb)),
      householdsPerSec: Number(((checkpoint.done * 1000) / last.wallMs).toFixed(1)),
      cpuMsPerHousehold: Number((last.cpuMs / checkpoint.done).toFixed(2)),
      eventsPerHousehold: Number((last.events / checkpoint.done).toFixed(2)),
      marks: checkpoint.marks,
    },
    files,
    steps,
    verdicts: [],
    date: new Date().toISOString(),
    environment: { ...environment(), loadAverage: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(1))) },
  };
  run.verdicts = verdictsOf(run);
  const file = join(RESULTS_DIR, 'district.json');
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { runs: Record<string, DistrictRun> }).runs : {};
  // Steps not run this time (`--steps`) keep their figures from the last run over the same district (same events).
  const before = previous[String(run.households)];
  if (before && before.events === run.events) run.steps = { ...before.steps, ...run.steps };
  run.verdicts = verdictsOf(run);
  const runs = { ...previous, [String(run.households)]: run };
  writeResults('district', { note: 'bench:district, one run per district size (tools/bench/README.md "bench:district")', runs });
  const all = Object.values(runs).sort((a, b) => a.households - b.households);
  writeFileSync(join(RESULTS_DIR, 'district.svg'), districtSvg(all));
  if (!replaceMarkedBlock(join(RESULTS_DIR, 'district.md'), 'district-figures', districtMarkdown(all)))
    writeFileSync(
      join(RESULTS_DIR, 'district.md'),
      `# bench:district\n\n<!-- district-figures:start -->\n${districtMarkdown(all)}<!-- district-figures:end -->\n`,
    );
  for (const v of run.verdicts) log(`${v.met ? 'met   ' : 'MISSED'} ${v.figure}: ${v.value} (target ${v.target})`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
