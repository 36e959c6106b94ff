import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import { auditRange, type AuditRangeJob, type AuditRangeResult, type PostedRangeResult, type RangeHeads, StreamFirsts, StreamHeads } from './audit-worker';
import { streamsRoot } from '../log-chain';
import { type AdoptedLog, auditLog, type AuditOptions, type AuditReport, LogAudit } from './log-audit';
import { OLDEST_VERIFIABLE_SCHEMA, SCHEMA_VERSION } from './schema';

// Built, the worker is the .js beside this file; under the test runner Node strips the types of the .ts itself.
const WORKER = ['audit-worker.js', 'audit-worker.ts'].map((name) => join(__dirname, name)).find((file) => existsSync(file));

/**
 * auditLog over `threads` shares of the positions, the first on this thread and each other on a worker thread
 * (audit-worker.ts), their ranges joined here (stream links and the log chain across ranges, anchors at their
 * positions, the streams table). Same report on a sound log; on any fault the sequential auditLog runs and names it, exactly as always.
 * Read only, like auditLog. threads ≤ 1: auditLog itself.
 */
export async function auditLogParallel(path: string, options: AuditOptions & { threads?: number } = {}): Promise<AuditReport> {
  const { threads = 2, batchSize = 2000, busyTimeoutMs = 5000, onProgress } = options;
  if (threads <= 1 || !WORKER) return auditLog(path, options);
  const db = new DatabaseSync(path, { readOnly: true, timeout: busyTimeoutMs });
  try {
    const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
    const { high } = db.prepare('SELECT MAX(global_position) AS high FROM events').get() as { high: number | null };
    if (version < OLDEST_VERIFIABLE_SCHEMA || version > SCHEMA_VERSION || high === null || high < threads) return auditLog(path, options);
    const bounds = Array.from({ length: threads + 1 }, (_, i) => Math.floor((high * i) / threads));
    let done = 0;
    const progress = (events: number) => onProgress?.((done += events), high);
    const report = await new LogAudit(db, options).adopt(async (anchorPositions) => {
      const jobs = bounds.slice(1).map((upTo, i): AuditRangeJob => {
        const after = bounds[i]!;
        return { path, after, upTo, batchSize, busyTimeoutMs, anchorPositions: anchorPositions.filter((p) => p > after && p <= upTo) };
      });
      // The first range on this thread: one worker's start-up less, and its heads, the join's start, need no copying across.
      const others = Promise.all(jobs.slice(1).map((job) => inWorker(job, progress)));
      others.catch(() => undefined); // awaited below; not unhandled if this thread's range throws first
      const first = auditRange(jobs[0]!, progress);
      return asOneLog(first, await others, high);
    });
    // A fault somewhere: the sequential pass names the first one in log order.
    return report ?? auditLog(path, options);
  } finally {
    db.close();
  }
}

/**
 * The ranges as one log: each range's chain starts where the one before ended, each stream's first event links to its
 * last before. The first range's heads (checked from the log's start) become the log's, the others' added on.
 */
function asOneLog(first: AuditRangeResult, others: PostedRangeResult[], high: number): AdoptedLog | null {
  if (first.faulty || first.startLink !== null) return null;
  const checkpoints: AdoptedLog['checkpoints'] = [];
  atAnchors(new StreamHeads(), first.checkpoints, checkpoints);
  const heads = first.lasts;
  let link = first.endLink;
  let events = first.events;
  for (const range of others) {
    if (range.faulty || range.startLink !== link) return null;
    if (range.checkpoints.length > 0) atAnchors(heads.clone(), range.checkpoints, checkpoints);
    const lasts = new StreamHeads(range.lasts);
    const firsts = new StreamFirsts(range.firsts);
    // A stream's first event in the range is looked up and linked before its last replaces the head: one look-up for both.
    for (let slot = 0; slot < lasts.size; slot += 1) {
      const before = heads.findIn(lasts, slot);
      if (!firsts.linksTo(slot, heads, before)) return null;
      heads.copyFrom(lasts, slot, before);
    }
    link = range.endLink;
    events += range.events;
  }
  return { events, head: high, link, heads, checkpoints };
}

/** A range's anchors: `heads` (the log's before the range) with each anchor's changes applied in turn, one copy a range. */
function atAnchors(heads: StreamHeads, changes: AuditRangeResult['checkpoints'], into: AdoptedLog['checkpoints']): void {
  for (const [position, link, changed] of changes) {
    withHeads(heads, changed);
    into.push([position, link, heads.size, streamsRoot(heads.entries())]);
  }
}

function withHeads(heads: StreamHeads, { streamIds, revisions, hashes }: RangeHeads): StreamHeads {
  for (let i = 0; i < streamIds.length; i += 1) {
    const slot = heads.find(streamIds[i]!);
    if (slot >= 0) heads.set(slot, revisions[i]!, hashes[i]!);
    else heads.add(streamIds[i]!, revisions[i]!, hashes[i]!);
  }
  return heads;
}

function inWorker(job: AuditRangeJob, onPage: (events: number) => void): Promise<PostedRangeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER!, { workerData: { auditRange: job } });
    let result: PostedRangeResult | undefined;
    worker.on('message', (message: { events?: number; result?: PostedRangeResult }) => {
      if (message.result) result = message.result;
      else onPage(message.events ?? 0);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`audit worker exited with code ${code} and no result`))));
  });
}
