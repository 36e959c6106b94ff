import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints off the event loop. SQLite runs an automatic checkpoint inside the COMMIT that takes the WAL
 * past 1 000 pages, on the caller's thread: it copies pages into the database file and fsyncs, which stalled the
 * loop for milliseconds every few hundred commits and doubled the mean cost of a small commit (measured:
 * 79 → 40 µs, max 17 → 4 ms). Files we write a lot switch that off for their own connection (see
 * `FALLBACK_AUTOCHECKPOINT_PAGES`) and are checkpointed here instead, from one worker thread per process over
 * its own connections, with PASSIVE checkpoints (they never wait for or block a reader or writer). A file is
 * only ever opened by the worker while its owner has it open: `watch` after opening, `unwatch` (awaited) before closing.
 */
export const CHECKPOINT_INTERVAL_MS = 200;

/**
 * What a watched file's own connection keeps as wal_autocheckpoint: a backstop, should the worker be
 * stuck or gone, that bounds the WAL at ~80 MB instead of letting it grow without end.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000;

// Plain JavaScript, evaluated in the worker (no build step, no TypeScript stripping needed).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const open = new Map();
let timer = null;
function checkpointAll() {
  for (const [path, db] of open) {
    try { db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get(); } catch (error) {
      parentPort.postMessage({ type: 'error', path, message: String(error && error.message || error) });
    }
  }
}
parentPort.on('message', (m) => {
  if (m.type === 'watch') {
    if (!open.has(m.path)) {
      try {
        const db = new DatabaseSync(m.path, { timeout: 1000 });
        db.exec('PRAGMA synchronous = ' + m.synchronous + '; PRAGMA wal_autocheckpoint = 0;');
        open.set(m.path, db);
      } catch (error) {
        parentPort.postMessage({ type: 'error', path: m.path, message: String(error && error.message || error) });
      }
    }
    if (!timer) timer = setInterval(checkpointAll, m.intervalMs);
  } else if (m.type === 'unwatch') {
    const db = open.get(m.path);
    open.delete(m.path);
    try { if (db) db.close(); } catch {}
    if (open.size === 0 && timer) { clearInterval(timer); timer = null; }
  }
  if (m.id !== undefined) parentPort.postMessage({ type: 'ack', id: m.id });
});
`;

type Synchronous = 'FULL' | 'NORMAL';

class Checkpointer {
  private worker: Worker | null = null;
  private readonly counts = new Map<string, number>();
  private readonly acks = new Map<number, () => void>();
  private nextId = 0;

  watch(path: string, synchronous: Synchronous): void {
    const count = this.counts.get(path) ?? 0;
    this.counts.set(path, count + 1);
    if (count === 0) void this.send({ type: 'watch', path, synchronous, intervalMs: CHECKPOINT_INTERVAL_MS });
  }

  /** Resolves once the worker has closed its connection to `path` (when this was the last watcher of it). */
  async unwatch(path: string): Promise<void> {
    const count = this.counts.get(path) ?? 0;
    if (count <= 1) this.counts.delete(path);
    else this.counts.set(path, count - 1);
    // The worker stays (idle, unref'd) for the next file: starting one costs tens of milliseconds.
    if (count === 1) await this.send({ type: 'unwatch', path });
  }

  private send(message: Record<string, unknown>): Promise<void> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    // Held while an answer is due (a close awaiting its unwatch must not see the process exit under it).
    worker.ref();
    return new Promise<void>((resolve) => {
      this.acks.set(id, resolve);
      worker.postMessage({ ...message, id });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.on('message', (m: { type: string; id?: number; path?: string; message?: string }) => {
      if (m.type === 'ack' && m.id !== undefined) {
        this.acks.get(m.id)?.();
        this.acks.delete(m.id);
        if (this.acks.size === 0) worker.unref();
      } else if (m.type === 'error') process.stderr.write(`[wal-checkpointer] ${m.path}: ${m.message}\n`);
    });
    worker.on('error', (error) => process.stderr.write(`[wal-checkpointer] worker failed: ${String(error)}; files fall back to SQLite's own checkpoints\n`));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      for (const resolve of this.acks.values()) resolve();
      this.acks.clear();
    });
    // Never keeps the process alive when idle (unref after the listeners: attaching 'message' refs the port again).
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

const checkpointer = new Checkpointer();

/**
 * Checkpoints `path` from the worker while the caller has it open; call right after opening the file (and
 * setting `PRAGMA wal_autocheckpoint = FALLBACK_AUTOCHECKPOINT_PAGES` on the caller's connection). Returns
 * the release, to await before the caller closes its connection.
 */
export function checkpointOffLoop(path: string, synchronous: Synchronous): () => Promise<void> {
  if (path === ':memory:' || path === '') return async () => undefined;
  checkpointer.watch(path, synchronous);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await checkpointer.unwatch(path);
  };
}
