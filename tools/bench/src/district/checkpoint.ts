import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HouseholdCounts } from '@grid/grid-records';

export interface DistrictCounts extends HouseholdCounts {
  /** Commands of the households' later lives (life-events.ts): corrections, departures, moves. */
  lifeCommands: number;
  /** Households an interrupted run had started but not finished: left as written, not repeated (their commands are not idempotent). */
  interrupted: number;
}

/** One finished batch: where the store was after it and what it cost (growth.svg plots these). */
export interface BatchMark {
  households: number;
  events: number;
  wallMs: number;
  cpuMs: number;
  rssMb: number;
}

/** What has been generated into a data folder, so a run can stop anywhere and go on (`district-checkpoint.json`). */
export interface Checkpoint {
  seed: number;
  households: number;
  asOf: string;
  regions: boolean;
  /** Households done, in plan order (every batch finishes before the next one starts). */
  done: number;
  /** Plan indexes past `done` that a failed or interrupted batch finished (a resumed run skips them). */
  finished?: number[];
  counts: DistrictCounts;
  /** Later-life commands a rule refused, by rule (the household's later life then stops there). */
  lifeRefusals: Record<string, number>;
  marks: BatchMark[];
}

export const CHECKPOINT_FILE = 'district-checkpoint.json';

export function readCheckpoint(dataDir: string): Checkpoint | undefined {
  const file = join(dataDir, CHECKPOINT_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Checkpoint) : undefined;
}

/** Written whole to a temporary file and renamed over the old one: a crash leaves the old or the new, never half. */
export function writeCheckpoint(dataDir: string, checkpoint: Checkpoint): void {
  const file = join(dataDir, CHECKPOINT_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(checkpoint, null, 1)}\n`);
  renameSync(`${file}.tmp`, file);
}
