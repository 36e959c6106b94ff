import type { Config } from '../config/config';

/** What the read-side worker is started with (workerData). */
export interface ReadSideStart {
  config: Config;
  /** The writer's durable head when the worker starts: it reads no further until told more. */
  head: number;
  /** Anything the service's worker entry needs besides the config (plain data only). */
  data?: unknown;
  /** Set: the worker replays the log up to `head` into these projections of the service (rebuildInWorkers), nothing else. */
  rebuild?: { projections: string[] };
}

/** Writer (main thread) → worker. */
export type ToReadSide =
  | { type: 'head'; position: number }
  | { type: 'caughtUp'; id: number }
  | { type: 'close' };

/** Worker → writer. */
export type FromReadSide =
  | { type: 'started' }
  | { type: 'applied'; position: number }
  | { type: 'caughtUp'; id: number; error?: string }
  | { type: 'failed'; message: string }
  /** A WAL sync of a file it writes (the bus, by the relay) failed: the process must stop, which a worker cannot do. */
  | { type: 'durability-lost'; what: string; message: string }
  | { type: 'closed' };

/** Host → a rebuild group's worker: another group failed, stop between events. */
export type ToRebuildGroup = { type: 'stop' };

/** A rebuild group's worker → host: the position its replay reached and its thread's CPU time, or why it failed. */
export type FromRebuildGroup = { type: 'rebuilt'; position: number; cpuMs: number } | { type: 'failed'; message: string };
