import { Worker } from 'node:worker_threads';
import type { Config } from '../config/config';
import type { SqliteEventStore } from '../store/sqlite/sqlite-event-store';
import type { FromReadSide, ReadSideStart, ToReadSide } from './protocol';
import { failStop } from '../infrastructure/fail-stop';

export interface ReadSideWorkerOptions {
  /** The compiled worker script: it calls `runReadSide` (read-side-worker.ts) with the service's read side. */
  entry: string;
  config: Config;
  /** The writer's store: the worker follows its file, told how far it is durable after each synced commit. */
  store: SqliteEventStore;
  data?: unknown;
  /** How long a write waits for the read side before answering anyway (ms, default 5000). */
  settleTimeoutMs?: number;
  /** How long start-up may take, replay included (ms, default 10 minutes). */
  startTimeoutMs?: number;
  /** Told when the worker fails or exits unasked (and when a restart fails): the service answers /ready 503 meanwhile. */
  onFailure?: (error: Error) => void;
  /** First wait before starting a failed worker again (ms, default 1000); doubled after each failure. */
  restartAfterMs?: number;
  /** Longest wait between restarts (ms, default 30 000). */
  restartMaxMs?: number;
}

/** The read side (projections, relay) running in a worker thread, seen from the writer: ReadModelSync and a lifecycle. */
export interface ReadSideWorker {
  /** Resolves once the worker has applied the log up to `position` (or the settle time passed, or it failed). */
  reached(position: number): Promise<void>;
  /** Resolves once the worker has applied everything durable when this was called. */
  caughtUp(): Promise<void>;
  /** The last position the worker reported applied. */
  applied(): number;
  /** Undefined while it runs; the error while a failed worker waits to be started again. */
  failure(): Error | undefined;
  close(): Promise<void>;
}

interface Waiter {
  position: number;
  resolve: () => void;
  timer: NodeJS.Timeout;
}

/**
 * Starts the service's read side in a worker thread, on its own connections to the embedded files: it reads the
 * event log from grid.db no further than this writer reports durable, writes the read models to documents.db and
 * publishes to the bus, all on the second core, so a request never waits behind a projection batch. Writes
 * answer once the worker reports their position applied (read-your-writes, as in-process).
 *
 * A worker that fails after it started is started again, after 1 s, then twice as long each time it fails again
 * (at most `restartMaxMs`); it resumes from its checkpoints. Meanwhile `failure()` says why (/ready answers 503)
 * and writes answer without waiting for the read models. A worker that cannot start the first time is an error
 * of the caller's start.
 */
export async function startReadSideWorker(options: ReadSideWorkerOptions): Promise<ReadSideWorker> {
  const { store, settleTimeoutMs = 5000, startTimeoutMs = 600_000, restartAfterMs = 1000, restartMaxMs = 30_000 } = options;
  let worker: Worker | undefined;
  let applied = 0;
  let failure: Error | undefined;
  let closing = false;
  let restartDelay = restartAfterMs;
  let restartTimer: NodeJS.Timeout | undefined;
  const waiters = new Set<Waiter>();
  const asked = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let nextId = 1;

  const release = (all: boolean) => {
    for (const w of waiters) {
      if (!all && w.position > applied) continue;
      clearTimeout(w.timer);
      waiters.delete(w);
      w.resolve();
    }
  };
  const fail = (error: Error) => {
    if (failure || closing) return;
    failure = error;
    release(true);
    for (const a of asked.values()) a.reject(error);
    asked.clear();
    options.onFailure?.(error);
  };
  const post = (m: ToReadSide) => worker?.postMessage(m);

  /** One worker thread, resolved once it has started; `lost` hears of its end after that. */
  const spawn = async (lost: (w: Worker, error: Error) => void): Promise<Worker> => {
    const start: ReadSideStart = { config: options.config, head: await store.headPosition(), data: options.data };
    const w = new Worker(options.entry, { workerData: start });
    let started = false;
    return new Promise<Worker>((resolve, reject) => {
      const end = (error: Error) => {
        clearTimeout(timer);
        if (started) lost(w, error);
        else {
          started = true; // settled: the promise is rejected once
          reject(error);
          void w.terminate();
        }
      };
      const timer = setTimeout(() => end(new Error(`read-side worker did not start within ${startTimeoutMs} ms`)), startTimeoutMs);
      w.on('message', (m: FromReadSide) => {
        if (m.type === 'started') {
          clearTimeout(timer);
          started = true;
          resolve(w);
        } else if (m.type === 'applied') {
          if (w !== worker) return;
          applied = Math.max(applied, m.position);
          release(false);
        } else if (m.type === 'caughtUp') {
          const a = asked.get(m.id);
          asked.delete(m.id);
          if (m.error) a?.reject(new Error(m.error));
          else a?.resolve();
        } else if (m.type === 'failed') {
          end(new Error(`read-side worker failed: ${m.message}`));
        } else if (m.type === 'durability-lost') {
          failStop(`${m.what} (read-side worker)`)(new Error(m.message));
        }
      });
      w.on('error', (error) => end(error));
      w.on('exit', (code) => end(new Error(`read-side worker exited (${code})`)));
    });
  };

  const lost = (w: Worker, error: Error) => {
    if (w !== worker || closing) return;
    worker = undefined;
    fail(error);
    restartTimer = setTimeout(restart, restartDelay);
    restartDelay = Math.min(restartMaxMs, restartDelay * 2);
  };
  const restart = () => {
    restartTimer = undefined;
    spawn(lost).then(
      (w) => {
        if (closing) return void w.terminate();
        worker = w;
        failure = undefined;
        restartDelay = restartAfterMs;
        tell();
      },
      (error: Error) => {
        if (closing) return;
        options.onFailure?.(error);
        restartTimer = setTimeout(restart, restartDelay);
        restartDelay = Math.min(restartMaxMs, restartDelay * 2);
      },
    );
  };

  // Each synced group: tell the worker how far it may read (coalesced to one message per turn).
  let telling = false;
  const tell = () => {
    if (telling) return;
    telling = true;
    queueMicrotask(() => {
      telling = false;
      void store.headPosition().then(
        (position) => !closing && post({ type: 'head', position }),
        () => undefined,
      );
    });
  };
  const stopTelling = store.onDurable(tell);
  try {
    worker = await spawn(lost);
  } catch (error) {
    stopTelling();
    fail(error as Error); // the reason it did not start, not the exit that ending it causes
    throw error;
  }
  tell(); // appends made while it started

  return {
    reached(position) {
      if (position <= applied || failure || closing) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const waiter: Waiter = { position, resolve, timer: setTimeout(() => (waiters.delete(waiter), resolve()), settleTimeoutMs) };
        waiters.add(waiter);
      });
    },
    async caughtUp() {
      if (failure) throw failure;
      if (closing) return;
      // The head first: a write answered just before this call may not have been told to the worker yet.
      const position = await store.headPosition();
      if (failure) throw failure;
      if (closing) return;
      const id = nextId++;
      await new Promise<void>((resolve, reject) => {
        asked.set(id, { resolve, reject });
        post({ type: 'head', position });
        post({ type: 'caughtUp', id });
      });
    },
    applied: () => applied,
    failure: () => failure,
    async close() {
      if (closing) return;
      closing = true;
      clearTimeout(restartTimer);
      stopTelling();
      release(true);
      for (const a of asked.values()) a.resolve();
      asked.clear();
      const current = worker;
      if (!current) return;
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      current.postMessage({ type: 'close' } satisfies ToReadSide);
      await exited;
    },
  };
}
