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
 * Collects timed runs by name. Benches interleave their subjects round by round (A, B, C, A, B, C, …) so a
 * burst of noise from a neighbour hits every subject alike instead of one subject's whole series; the
 * figure of a subject is then the median of its runs. Progress goes to stderr so stdout stays the report.
 */
export class Recorder {
  private readonly samples = new Map<string, Sample[]>();

  /** Runs one timed sample after a full GC (the previous run's garbage is not collected on this clock). */
  async run(name: string, once: () => Promise<Sample> | Sample): Promise<Sample> {
    collectGarbage();
    const sample = await once();
    const list = this.samples.get(name) ?? [];
    list.push(sample);
    this.samples.set(name, list);
    process.stderr.write(`  ${name} #${list.length}: ${sample.events} events in ${sample.ms.toFixed(0)} ms = ${fmtRate(rate(sample))}/s\n`);
    return sample;
  }

  measurement(name: string): Measurement {
    const runs = this.samples.get(name);
    if (!runs) throw new Error(`nothing recorded for ${name}`);
    const rates = runs.map(rate);
    const mid = median(rates);
    return { name, runs, eventsPerSec: mid, spread: (Math.max(...rates) - Math.min(...rates)) / mid };
  }

  has(name: string): boolean {
    return this.samples.has(name);
  }
}

export function fmtRate(perSec: number): string {
  return Math.round(perSec).toLocaleString('en-US');
}
