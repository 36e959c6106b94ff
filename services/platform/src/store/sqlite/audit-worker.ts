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

/** A stream's last revision and its hash, as LogAudit keeps its heads. */
export type Head = [revision: number, hash: string];

/** Streams as columns, one array a field: copied to another thread far more cheaply than an array a stream. */
export interface RangeHeads {
  streamIds: string[];
  revisions: number[];
  /** Each stream's hash at that revision (for its first event in a range: the prevHash it stores). */
  hashes: (string | null)[];
}

export interface AuditRangeResult {
  events: number;
  faulty: boolean;
  /** The stored log link at `after` (the chain is checked from it) and the last one checked. */
  startLink: string | null;
  endLink: string | null;
  /**
   * Each stream's first event in the range and its prevHash, for the join to link to the stream's last before. None
   * for a range from the log's start: nothing comes before it, so there a stream's first event is checked to be its
   * revision 0 with no prevHash.
   */
  firsts: RangeHeads;
  /** Each stream's last event in the range. */
  lasts: Map<string, Head>;
  /** At each anchor position: the log link and the heads of the streams seen in the range so far. */
  checkpoints: [position: number, link: string | null, heads: RangeHeads][];
}

/** A result as a worker posts it: its heads as columns. */
export type PostedRangeResult = Omit<AuditRangeResult, 'lasts'> & { lasts: RangeHeads };

export function columnsOf(heads: Map<string, Head>): RangeHeads {
  const columns: RangeHeads = { streamIds: [], revisions: [], hashes: [] };
  for (const [streamId, [revision, hash]] of heads) {
    columns.streamIds.push(streamId);
    columns.revisions.push(revision);
    columns.hashes.push(hash);
  }
  return columns;
}

type Row = [number, string, string, number, string, Uint8Array, string, string | null];

const utf8 = new TextDecoder();

/** The envelope's prevHash when its text parses and matches the row's columns; false when not. */
function parsedPrevHash(bytes: Uint8Array, eventId: string, streamId: string, revision: number, type: string): string | null | false {
  let text: { eventId?: unknown; streamId?: unknown; streamRevision?: unknown; type?: unknown; prevHash?: unknown };
  try {
    text = JSON.parse(utf8.decode(bytes)) as typeof text;
  } catch {
    return false;
  }
  if (typeof text !== 'object' || text === null || text.eventId !== eventId || text.streamId !== streamId || text.streamRevision !== revision || text.type !== type) {
    return false;
  }
  return typeof text.prevHash === 'string' || text.prevHash === null ? text.prevHash : false;
}

export function auditRange(job: AuditRangeJob, onPage: (events: number) => void = () => undefined): AuditRangeResult {
  const db = new DatabaseSync(job.path, { readOnly: true, timeout: job.busyTimeoutMs });
  const firsts: RangeHeads = { streamIds: [], revisions: [], hashes: [] };
  const lasts = new Map<string, Head>();
  const result: AuditRangeResult = { events: 0, faulty: true, startLink: null, endLink: null, firsts, lasts, checkpoints: [] };
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
    const fromStart = job.after === 0;
    const anchors = new Set(job.anchorPositions);
    let position = job.after;
    let link = result.startLink;
    for (;;) {
      const rows = page.all(position, job.upTo, job.batchSize) as unknown as Row[];
      for (const [at, eventId, streamId, revision, type, canonical, stored, rowLink] of rows) {
        if (at !== position + 1 || hash('sha256', canonical, 'hex') !== stored) return result;
        const last = lasts.get(streamId);
        // read in place; the exact way (JSON.parse) only where the columns do not say where the envelope is.
        // A stream's first event in the range: its prevHash as read, linked by the main thread.
        let prevHash: string | null | false;
        if (last) {
          const linked = prevHashIs(canonical, eventId, streamId, revision, type, last[1]);
          prevHash = linked === undefined ? parsedPrevHash(canonical, eventId, streamId, revision, type) : linked && last[1];
        } else {
          const read = prevHashOf(canonical, eventId, streamId, revision, type);
          prevHash = read === undefined ? parsedPrevHash(canonical, eventId, streamId, revision, type) : read;
        }
        if (prevHash === false) return result;
        if (last) {
          if (revision !== last[0] + 1 || prevHash !== last[1]) return result;
          last[0] = revision;
          last[1] = stored;
        } else {
          if (fromStart) {
            if (revision !== 0 || prevHash !== null) return result;
          } else {
            firsts.streamIds.push(streamId);
            firsts.revisions.push(revision);
            firsts.hashes.push(prevHash);
          }
          lasts.set(streamId, [revision, stored]);
        }
        if (rowLink !== hash('sha256', `${link ?? ''}|${at}|${stored}`, 'hex')) return result;
        link = rowLink;
        position = at;
        result.events += 1;
        if (anchors.has(at)) result.checkpoints.push([at, link, columnsOf(lasts)]);
      }
      onPage(rows.length);
      if (rows.length < job.batchSize) break;
    }
    if (position !== job.upTo) return result;
    return { ...result, faulty: false, endLink: link };
  } finally {
    db.close();
  }
}


/** The envelope's last members (eventId … type) fit in this many bytes unless a long `reason` sits among them. */
const TAIL_BYTES = 512;

/**
 * Whether the envelope's `prevHash` is `expected`, read from its canonical bytes where the columns say the envelope
 * is (undefined when they do not, and the caller parses the text, as readers do). Canonical text has a fixed member
 * order, and after `data` only scalars (strings cannot hold an unescaped quote), so the type, traceparent, revision
 * and stream at the end, the last `"prevHash":` before them and the last `"eventId":"` before that are the
 * envelope's own: reading them is what JSON.parse would give, at a fraction of the cost. Only a text nobody but a
 * forger could write (hash recomputed) could pass here and fail a reader's parse; forging is what the log chain and
 * the anchors catch. The tail is read as latin1, one character a byte: multi-byte UTF-8 never holds an ASCII byte,
 * so the ASCII ids and keys match exactly where their bytes are; each is compared in place (no string built).
 * Here, in the self-contained worker, so that auditLog (log-audit.ts) and the worker share it.
 */
export function prevHashIs(bytes: Uint8Array, eventId: string, streamId: string, revision: number, type: string, expected: string | null): boolean | undefined {
  const found = prevHashOf(bytes, eventId, streamId, revision, type);
  return found === undefined ? undefined : found === expected;
}

/** The envelope's `prevHash` read in place as prevHashIs reads it (undefined: not where the columns say; parse the text). */
export function prevHashOf(bytes: Uint8Array, eventId: string, streamId: string, revision: number, type: string): string | null | undefined {
  const tail = latin1Slice.call(bytes, Math.max(0, bytes.length - TAIL_BYTES), bytes.length);
  let at = tail.length - 2 - type.length - TYPE_KEY.length; // ,"type":"<type>"}
  if (at < 0 || !tail.endsWith('"}') || !tail.startsWith(type, at + TYPE_KEY.length) || !tail.startsWith(TYPE_KEY, at)) return undefined;
  // traceparent: null, or a quoted string that holds no quote
  at = tail.startsWith('null', at - 4) ? at - 4 : tail.charCodeAt(at - 1) === QUOTE ? tail.lastIndexOf('"', at - 2) : -1;
  if (at < 0 || !tail.startsWith(TRACEPARENT_KEY, (at -= TRACEPARENT_KEY.length))) return undefined;
  const rev = String(revision);
  if (!tail.startsWith(rev, (at -= rev.length)) || !tail.startsWith(REVISION_KEY, (at -= REVISION_KEY.length))) return undefined;
  if (!tail.startsWith(streamId, (at -= streamId.length)) || !tail.startsWith(STREAM_KEY, (at -= STREAM_KEY.length))) return undefined;
  const prev = tail.lastIndexOf(PREV_HASH, at);
  const id = prev < 0 ? -1 : tail.lastIndexOf(EVENT_ID_KEY, prev);
  if (id < 0 || !tail.startsWith(eventId, id + EVENT_ID_KEY.length) || !tail.startsWith(OCCURRED_KEY, id + EVENT_ID_KEY.length + eventId.length)) return undefined;
  const value = prev + PREV_HASH.length;
  if (tail.charCodeAt(value) === QUOTE && tail.charCodeAt(value + 65) === QUOTE) return tail.slice(value + 1, value + 65);
  return tail.startsWith('null', value) ? null : undefined;
}

const latin1Slice = Buffer.prototype.latin1Slice as (this: Uint8Array, start: number, end: number) => string;
const QUOTE = 0x22;
const PREV_HASH = '"prevHash":';
const TYPE_KEY = ',"type":"';
const TRACEPARENT_KEY = ',"traceparent":';
const REVISION_KEY = '","streamRevision":';
const STREAM_KEY = ',"streamId":"';
const EVENT_ID_KEY = '"eventId":"';
const OCCURRED_KEY = '","occurredAt":';

if (parentPort && (workerData as { auditRange?: AuditRangeJob } | null)?.auditRange) {
  const port = parentPort;
  const result = auditRange((workerData as { auditRange: AuditRangeJob }).auditRange, (events) => port.postMessage({ events }));
  const posted: PostedRangeResult = { ...result, lasts: columnsOf(result.lasts) };
  port.postMessage({ result: posted });
}
