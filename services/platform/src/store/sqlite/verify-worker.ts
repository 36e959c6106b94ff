/*
 * Worker thread of verifyAllParallel (parallel-verify.ts): checks one range of global positions of an
 * event store file over its own read-only connection. Self-contained on purpose (node: modules only, types
 * erasable), so Node runs it as built JavaScript (dist/) and, under the test runner, straight from this
 * TypeScript source. It proves each row's stored bytes hash to the stored hash, parse, and sit where the
 * index columns say, and each stream's links inside the range; the first event of each stream in the
 * range is linked to what came before by the main thread. It does not name faults: on any, the main
 * thread reruns the sequential verifyAll, which names the first one exactly as it always does.
 */
import { hash } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

export interface RangeJob {
  path: string;
  /** Exclusive. */
  after: number;
  /** Inclusive. */
  upTo: number;
  batchSize: number;
  busyTimeoutMs: number;
}

/** [streamId, revision, hash or prevHash] */
export type Link = [string, number, string | null];

export interface RangeResult {
  events: number;
  /** A row failed a check: the main thread looks for the first fault the sequential way. */
  faulty: boolean;
  /** Per stream, its first event in the range: revision and prevHash, to link to the range before. */
  firsts: Link[];
  /** Per stream, its last event in the range: revision and hash, for the ranges after. */
  lasts: Link[];
}

export function verifyRange(job: RangeJob): RangeResult {
  const db = new DatabaseSync(job.path, { readOnly: true, timeout: job.busyTimeoutMs });
  try {
    const page = db.prepare(
      'SELECT global_position, event_id, stream_id, stream_revision, type, CAST(canonical AS BLOB), hash FROM events ' +
        'WHERE global_position > ? AND global_position <= ? ORDER BY global_position ASC LIMIT ?',
    );
    page.setReturnArrays(true);
    const utf8 = new TextDecoder();
    const firsts = new Map<string, Link>();
    const lasts = new Map<string, Link>();
    let after = job.after;
    let events = 0;
    for (;;) {
      const rows = page.all(after, job.upTo, job.batchSize) as unknown as [number, string, string, number, string, Uint8Array, string][];
      for (const [position, eventId, streamId, revision, type, canonical, stored] of rows) {
        after = position;
        events += 1;
        if (hash('sha256', canonical, 'hex') !== stored) return faulty(events);
        let text: { eventId?: unknown; streamId?: unknown; streamRevision?: unknown; type?: unknown; prevHash?: unknown };
        try {
          text = JSON.parse(utf8.decode(canonical)) as typeof text;
        } catch {
          return faulty(events);
        }
        if (typeof text !== 'object' || text === null) return faulty(events);
        if (text.eventId !== eventId || text.streamId !== streamId || text.streamRevision !== revision || text.type !== type) {
          return faulty(events);
        }
        const prevHash = text.prevHash === undefined ? undefined : (text.prevHash as string | null);
        if (prevHash === undefined) return faulty(events);
        const last = lasts.get(streamId);
        if (last) {
          if (revision !== last[1] + 1 || prevHash !== last[2]) return faulty(events);
          last[1] = revision;
          last[2] = stored;
        } else {
          firsts.set(streamId, [streamId, revision, prevHash]);
          lasts.set(streamId, [streamId, revision, stored]);
        }
      }
      if (rows.length < job.batchSize) break;
    }
    return { events, faulty: false, firsts: [...firsts.values()], lasts: [...lasts.values()] };
  } finally {
    db.close();
  }
}

const faulty = (events: number): RangeResult => ({ events, faulty: true, firsts: [], lasts: [] });

if (parentPort && (workerData as { verifyRange?: RangeJob } | null)?.verifyRange) {
  parentPort.postMessage(verifyRange((workerData as { verifyRange: RangeJob }).verifyRange));
}
