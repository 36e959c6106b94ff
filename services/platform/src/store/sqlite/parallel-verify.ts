import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import type { Envelope } from '@grid/contracts';
import type { ReadAllOptions } from '../event-store';
import { verifyAll, type VerifyResult } from '../verifier';
import { decodeRow, EVENT_COLUMNS, type EventRow } from './event-rows';
import type { Link, RangeJob, RangeResult } from './verify-worker';

export interface ParallelVerifyOptions {
  /** Worker threads, each over its own share of the positions (default 2). */
  workers?: number;
  /** Rows per page each worker reads (default 1000). */
  batchSize?: number;
  /** How long a connection waits for another's lock (ms, default 5000). */
  busyTimeoutMs?: number;
}

// Built, the worker is the .js beside this file; under the test runner (TypeScript sources), Node strips
// the types of the .ts itself (it imports node: modules only).
const WORKER = ['verify-worker.js', 'verify-worker.ts'].map((name) => join(__dirname, name)).find((file) => existsSync(file));

/**
 * verifyAll of an event store file, for audits and exports: the global log is cut into `workers` ranges of
 * positions, each checked by a worker thread over its own read-only connection (stored bytes hashed, text
 * parsed and matched to its row, links within the range), then every stream's first event of each range
 * is linked to its last event of the ranges before, here. On healthy data the result equals verifyAll's
 * (every event, every stream); on any fault the sequential verifyAll runs, so the fault is named exactly
 * as verifyAll names it. Events appended while it runs, after the head it started from, are not checked.
 * Needs a file (not `:memory:`); readers never block the store's writers (WAL).
 */
export async function verifyAllParallel(path: string, options: ParallelVerifyOptions = {}): Promise<VerifyResult> {
  const { workers = 2, batchSize = 1000, busyTimeoutMs = 5000 } = options;
  if (path === ':memory:') throw new Error('verifyAllParallel needs a database file, not :memory:');
  if (!WORKER) throw new Error(`verify-worker not found beside ${__filename}`);
  const db = new DatabaseSync(path, { readOnly: true, timeout: busyTimeoutMs });
  try {
    const { low, high } = db.prepare('SELECT MIN(global_position) AS low, MAX(global_position) AS high FROM events').get() as {
      low: number | null;
      high: number | null;
    };
    if (low === null || high === null) return { ok: true, eventsChecked: 0, streamsChecked: 0, firstFault: null };
    const count = Math.max(1, Math.min(workers, high - low + 1));
    const bounds = Array.from({ length: count + 1 }, (_, i) => (i === count ? high : low - 1 + Math.floor(((high - low + 1) * i) / count)));
    const results = await Promise.all(
      bounds.slice(1).map((upTo, i) => inWorker({ path, after: bounds[i]!, upTo, batchSize, busyTimeoutMs })),
    );
    const linked = results.some((r) => r.faulty) ? null : stitch(results);
    // A fault somewhere: the sequential pass names the first one (in global order), as verifyAll does.
    return linked ?? (await verifyAll(readOnlyLog(db, high)));
  } finally {
    db.close();
  }
}

/** Links each range's first event of every stream to that stream's last event before the range. */
function stitch(ranges: RangeResult[]): VerifyResult | null {
  const last = new Map<string, Link>();
  let events = 0;
  for (const range of ranges) {
    for (const [streamId, revision, prevHash] of range.firsts) {
      const before = last.get(streamId);
      if (revision !== (before ? before[1] + 1 : 0) || prevHash !== (before ? before[2] : null)) return null;
    }
    for (const link of range.lasts) last.set(link[0], link);
    events += range.events;
  }
  return { ok: true, eventsChecked: events, streamsChecked: last.size, firstFault: null };
}

function inWorker(job: RangeJob): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER!, { workerData: { verifyRange: job } });
    let result: RangeResult | undefined;
    worker.once('message', (message: RangeResult) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`verify worker exited with code ${code} and no result`))));
  });
}

/** The events up to `head`, read in global order over the auditor's read-only connection. */
function readOnlyLog(db: DatabaseSync, head: number) {
  const page = db.prepare(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > ? AND global_position <= ? ORDER BY global_position ASC LIMIT ?`,
  );
  page.setReturnArrays(true);
  return {
    async *readAll(options: ReadAllOptions = {}): AsyncIterable<Envelope> {
      let after = options.fromPosition ?? 0;
      const batchSize = options.batchSize ?? 1000;
      for (;;) {
        const rows = page.all(after, head, batchSize) as unknown as EventRow[];
        for (const row of rows) {
          after = row[0];
          yield decodeRow(row);
        }
        if (rows.length < batchSize) return;
      }
    },
  };
}
