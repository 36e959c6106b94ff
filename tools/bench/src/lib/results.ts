import { execFileSync } from 'node:child_process';
import { cpus, platform, release } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** tools/bench/ (this file runs from tools/bench/dist/lib/). */
export const BENCH_DIR = resolve(__dirname, '..', '..');
export const RESULTS_DIR = join(BENCH_DIR, 'results');

export interface Environment {
  node: string;
  platform: string;
  cpu: string;
  cores: number;
  commit: string;
  date: string;
}

/** Where and on what a figure was measured: numbers without this are not comparable. */
export function environment(): Environment {
  const cpu = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    commit: gitCommit(),
    date: new Date().toISOString(),
  };
}

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: BENCH_DIR,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], {
      cwd: BENCH_DIR,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return dirty ? `${head}+dirty` : head;
  } catch {
    return 'unknown';
  }
}

/** Writes results/<name>.json (committed: the history of the figures is the point). Returns the path. */
export function writeResults(name: string, results: object): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

/**
 * Replaces the text between `<!-- <marker>:start -->` and `<!-- <marker>:end -->` in a file (the README's
 * "latest figures"), leaving everything else as written by hand. Returns false when the markers are absent.
 */
export function replaceMarkedBlock(file: string, marker: string, body: string): boolean {
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'utf8');
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return false;
  writeFileSync(file, `${text.slice(0, from + start.length)}\n${body.trim()}\n${text.slice(to)}`);
  return true;
}

/** Rounds a ratio / rate for the JSON file so diffs stay readable. */
export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
