/*
 * Worker thread of auditLogParallel (parallel-audit.ts): checks one range of global positions of an event store
 * file over its own read-only connection, as auditLog does the whole log: positions contiguous, each row's stored
 * bytes against its hash and its columns, each stream's links inside the range and the log chain from the stored
 * link before the range. Self-contained (node: modules only, types erasable) like verify-worker.ts, so Node runs it
 * built and, under the test runner, from this source. It does not name faults: on any, the main thread reruns the
 * sequential auditLog, which names the first one.
 */
import { hash } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

export interface AuditRangeJob {
  path: string;
  /** Exclusive. */
  after: number;
  /** Inclusive. */
  upTo: number;
  /** Positions in the range an anchor fixes: the range's stream heads there are reported. */
  anchorPositions: number[];
  batchSize: number;
  busyTimeoutMs: number;
}

/** [streamId, revision, hash (or prevHash, for a stream's first event in the range)] */
export type RangeHead = [string, number, string | null];

export interface AuditRangeResult {
  events: number;
  faulty: boolean;
  /** The stored log link at `after` (the chain is checked from it) and the last one checked. */
  startLink: string | null;
  endLink: string | null;
  firsts: RangeHead[];
  lasts: RangeHead[];
  /** At each anchor position: the log link and the heads of the streams seen in the range so far. */
  checkpoints: [position: number, link: string | null, heads: RangeHead[]][];
}

type Row = [number, string, string, number, string, Uint8Array, string, string | null];

export function auditRange(job: AuditRangeJob, onPage: (events: number) => void = () => undefined): AuditRangeResult {
  const db = new DatabaseSync(job.path, { readOnly: true, timeout: job.busyTimeoutMs });
  const result: AuditRangeResult = { events: 0, faulty: true, startLink: null, endLink: null, firsts: [], lasts: [], checkpoints: [] };
  try {
    if (job.after > 0) {
      const before = db.prepare('SELECT log_hash FROM events WHERE global_position = ?').get(job.after) as { log_hash: string | null } | undefined;
      if (!before) return result;
      result.startLink = before.log_hash;
    }
    const page = db.prepare(
      'SELECT global_position, event_id, stream_id, stream_revision, type, CAST(canonical AS BLOB), hash, log_hash FROM events ' +
        'WHERE global_position > ? AND global_position <= ? ORDER BY global_position ASC LIMIT ?',
    );
    page.setReturnArrays(true);
    const utf8 = new TextDecoder();
    const firsts = new Map<string, RangeHead>();
    const lasts = new Map<string, RangeHead>();
    const anchors = new Set(job.anchorPositions);
    let position = job.after;
    let link = result.startLink;
    for (;;) {
      const rows = page.all(position, job.upTo, job.batchSize) as unknown as Row[];
      for (const [at, eventId, streamId, revision, type, canonical, stored, rowLink] of rows) {
        if (at !== position + 1 || hash('sha256', canonical, 'hex') !== stored) return result;
        let text: { eventId?: unknown; streamId?: unknown; streamRevision?: unknown; type?: unknown; prevHash?: unknown };
        try {
          text = JSON.parse(utf8.decode(canonical)) as typeof text;
        } catch {
          return result;
        }
        if (typeof text !== 'object' || text === null || text.eventId !== eventId || text.streamId !== streamId || text.streamRevision !== revision || text.type !== type) {
          return result;
        }
        if (typeof text.prevHash !== 'string' && text.prevHash !== null) return result;
        const last = lasts.get(streamId);
        if (last) {
          if (revision !== last[1] + 1 || text.prevHash !== last[2]) return result;
          last[1] = revision;
          last[2] = stored;
        } else {
          firsts.set(streamId, [streamId, revision, text.prevHash]);
          lasts.set(streamId, [streamId, revision, stored]);
        }
        if (rowLink !== hash('sha256', `${link ?? ''}|${at}|${stored}`, 'hex')) return result;
        link = rowLink;
        position = at;
        result.events += 1;
        if (anchors.has(at)) result.checkpoints.push([at, link, [...lasts.values()].map((h): RangeHead => [...h])]);
      }
      onPage(rows.length);
      if (rows.length < job.batchSize) break;
    }
    if (position !== job.upTo) return result;
    return { ...result, faulty: false, endLink: link, firsts: [...firsts.values()], lasts: [...lasts.values()] };
  } finally {
    db.close();
  }
}

if (parentPort && (workerData as { auditRange?: AuditRangeJob } | null)?.auditRange) {
  const port = parentPort;
  port.postMessage({ result: auditRange((workerData as { auditRange: AuditRangeJob }).auditRange, (events) => port.postMessage({ events })) });
}
