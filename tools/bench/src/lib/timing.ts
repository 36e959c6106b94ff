import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** One timed run of a workload: how many events it handled and how long it took. */
export interface Sample {
  events: number;
  ms: number;
}

/** N runs of one workload; the headline is the median rate (robust against a noisy neighbour). */
export interface Measurement {
  name: string;
  runs: Sample[];
  eventsPerSec: number;
  /** Spread of the per-run rates, to judge the noise: (max - min) / median. */
  spread: number;
}

export const rate = (s: Sample): number => (s.events * 1000) / s.ms;

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Times fn with the monotonic clock. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

let gcFn: (() => void) | undefined | null = null;
/** A full GC between runs, so one run's garbage is not collected on the next one's clock. */
export function collectGarbage(): void {
  if (gcFn === null) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) gcFn = exposed;
    else {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('typeof gc === "function" ? gc : undefined') as (() => void) | undefined;
    }
  }
  gcFn?.();
}

/**
 * Runs `once` `runs` times (each run sets up its own fresh state and returns what it timed) and reports
 * the median events/s. Progress goes to stderr so stdout stays the report.
 */
export async function measure(name: string, runs: number, once: (run: number) => Promise<Sample>): Promise<Measurement> {
  const samples: Sample[] = [];
  for (let run = 0; run < runs; run += 1) {
    collectGarbage();
    const sample = await once(run);
    samples.push(sample);
    process.stderr.write(`  ${name} run ${run + 1}/${runs}: ${sample.events} events in ${sample.ms.toFixed(0)} ms = ${fmtRate(rate(sample))}/s\n`);
  }
  const rates = samples.map(rate);
  const mid = median(rates);
  return { name, runs: samples, eventsPerSec: mid, spread: (Math.max(...rates) - Math.min(...rates)) / mid };
}

export function fmtRate(perSec: number): string {
  return Math.round(perSec).toLocaleString('en-US');
}
