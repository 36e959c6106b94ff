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

/** Streams as columns, one array a field: an anchor's changes to the heads. */
export interface RangeHeads {
  streamIds: string[];
  revisions: number[];
  hashes: (string | null)[];
}

export interface AuditRangeResult {
  events: number;
  faulty: boolean;
  /** The stored log link at `after` (the chain is checked from it) and the last one checked. */
  startLink: string | null;
  endLink: string | null;
  /** Each stream's last event in the range. */
  lasts: StreamHeads;
  /**
   * Each stream's first event in the range and its prevHash, by its slot in `lasts`, for the join to link to the
   * stream's last before. None for a range from the log's start: nothing comes before it, so there a stream's first
   * event is checked to be its revision 0 with no prevHash.
   */
  firsts: StreamFirsts;
  /**
   * At each anchor position: the log link and the heads of the streams that changed since the anchor before it in the
   * range (or the range's start): anchors accrue with time, so a full copy each would hold anchors × streams.
   */
  checkpoints: [position: number, link: string | null, changed: RangeHeads][];
}

/** A result as a worker posts it: its heads as buffers, transferred. */
export type PostedRangeResult = Omit<AuditRangeResult, 'lasts' | 'firsts'> & { lasts: PostedHeads; firsts: PostedFirsts };

export function columnsOf(heads: StreamHeads, slots: Iterable<number>): RangeHeads {
  const columns: RangeHeads = { streamIds: [], revisions: [], hashes: [] };
  for (const slot of slots) {
    columns.streamIds.push(heads.idAt(slot));
    columns.revisions.push(heads.revisionAt(slot));
    columns.hashes.push(heads.hashAt(slot));
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
  const firsts = new StreamFirsts();
  const lasts = new StreamHeads();
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
    const changed = new Set<number>();
    let position = job.after;
    let link = result.startLink;
    for (;;) {
      const rows = page.all(position, job.upTo, job.batchSize) as unknown as Row[];
      for (const [at, eventId, streamId, revision, type, canonical, stored, rowLink] of rows) {
        if (at !== position + 1 || hash('sha256', canonical, 'hex') !== stored || typeof streamId !== 'string') return result;
        const last = lasts.find(streamId);
        // prevHash read in place; the exact way (JSON.parse) only where the columns do not say where the envelope is.
        if (last >= 0) {
          const lastHash = lasts.hashAt(last);
          const linked = prevHashIs(canonical, eventId, streamId, revision, type, lastHash);
          const prevHash = linked === undefined ? parsedPrevHash(canonical, eventId, streamId, revision, type) : linked && lastHash;
          if (prevHash === false || revision !== lasts.revisionAt(last) + 1 || prevHash !== lastHash) return result;
          lasts.set(last, revision, stored);
          if (anchors.size > 0) changed.add(last);
        } else {
          // a stream's first event in the range: its prevHash as read, linked by the main thread
          const read = prevHashOf(canonical, eventId, streamId, revision, type);
          const prevHash = read === undefined ? parsedPrevHash(canonical, eventId, streamId, revision, type) : read;
          if (prevHash === false) return result;
          if (fromStart) {
            if (revision !== 0 || prevHash !== null) return result;
          } else if (!firsts.push(revision, prevHash)) return result;
          const slot = lasts.add(streamId, revision, stored);
          if (anchors.size > 0) changed.add(slot);
        }
        if (rowLink !== hash('sha256', `${link ?? ''}|${at}|${stored}`, 'hex')) return result;
        link = rowLink;
        position = at;
        result.events += 1;
        if (anchors.has(at)) {
          result.checkpoints.push([at, link, columnsOf(lasts, changed)]);
          changed.clear();
        }
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

/** A head table handed to another thread: its buffers, transferred, not copied. */
export interface PostedHeads {
  size: number;
  idBytes: number;
  ids: ArrayBuffer;
  starts: ArrayBuffer;
  codes: ArrayBuffer;
  revisions: ArrayBuffer;
  hashes: ArrayBuffer;
  table: ArrayBuffer;
}

const HASH_BYTES = 32;
const owned = (bytes: number): Buffer => Buffer.from(new ArrayBuffer(bytes));
const grown = <T extends Uint8Array | Uint32Array | Float64Array | Int32Array>(array: T, length: number): T => {
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
};

/**
 * Every stream's head (last revision and the hash of that event), kept off the JS heap: each stream a slot (in the
 * order first seen), its id's UTF-8 bytes in one buffer, revisions and binary hashes in typed arrays by slot, and an
 * open-addressing table of slots by a hash of the id. About 110 bytes a stream where a Map of strings to arrays took
 * ~350 and gave the GC a million objects to trace; a worker hands its heads over by transferring the buffers.
 */
export class StreamHeads {
  size = 0;
  private idBytes = 0;
  private ids: Buffer;
  /** Slot → where its id starts in `ids`; the next slot's start (or idBytes) is where it ends. */
  private starts: Uint32Array;
  private codes: Uint32Array;
  private revisions: Float64Array;
  private hashes: Buffer;
  /** Slot + 1 at the id's hash (0: empty), linear probing, at most half full. */
  private table: Int32Array;
  private key = Buffer.allocUnsafe(256);
  private keyLength = 0;
  private keyCode = 0;
  /** Where the last look-up that missed ended: the place its id goes. */
  private free = -1;
  private lookedUp: string | undefined;

  constructor(posted?: PostedHeads) {
    if (posted) {
      this.size = posted.size;
      this.idBytes = posted.idBytes;
      this.ids = Buffer.from(posted.ids);
      this.starts = new Uint32Array(posted.starts);
      this.codes = new Uint32Array(posted.codes);
      this.revisions = new Float64Array(posted.revisions);
      this.hashes = Buffer.from(posted.hashes);
      this.table = new Int32Array(posted.table);
    } else {
      this.ids = owned(1 << 16);
      this.starts = new Uint32Array(1025);
      this.codes = new Uint32Array(1024);
      this.revisions = new Float64Array(1024);
      this.hashes = owned(1024 * HASH_BYTES);
      this.table = new Int32Array(2048);
    }
  }

  /** The stream's slot, or -1 (then `add` puts it where the look-up ended). */
  find(streamId: string): number {
    let length = this.key.write(streamId, 0);
    if (length > this.key.length - 4) {
      this.key = Buffer.allocUnsafe(Buffer.byteLength(streamId) * 2 + 8);
      length = this.key.write(streamId, 0);
    }
    const key = this.key;
    let code = 0x811c9dc5;
    for (let i = 0; i < length; i += 1) code = Math.imul(code ^ key[i]!, 0x01000193);
    this.keyLength = length;
    this.keyCode = code >>> 0;
    this.lookedUp = streamId;
    return this.probe(this.keyCode, key, 0, length);
  }

  revisionAt(slot: number): number {
    return this.revisions[slot]!;
  }

  hashAt(slot: number): string {
    return this.hashes.toString('hex', slot * HASH_BYTES, (slot + 1) * HASH_BYTES);
  }

  idAt(slot: number): string {
    return this.ids.toString('utf8', this.starts[slot]!, this.endOf(slot));
  }

  /** `hash`: a SHA-256 in lowercase hex (an event's stored hash, checked against its bytes before it gets here). */
  set(slot: number, revision: number, hash: string): void {
    this.revisions[slot] = revision;
    this.hashes.write(hash, slot * HASH_BYTES, HASH_BYTES, 'hex');
  }

  /** A stream `find` just missed. */
  add(streamId: string, revision: number, hash: string): number {
    if (this.lookedUp !== streamId || this.free < 0) this.find(streamId);
    const slot = this.insert(this.keyCode, this.key, 0, this.keyLength);
    this.set(slot, revision, hash);
    return slot;
  }

  /** Another table's head of a stream put in this one (added, or replacing this one's); its slot here. */
  copyFrom(other: StreamHeads, from: number, at = this.findIn(other, from)): number {
    const slot = at >= 0 ? at : this.insert(other.codes[from]!, other.ids, other.starts[from]!, other.endOf(from));
    this.revisions[slot] = other.revisions[from]!;
    other.hashes.copy(this.hashes, slot * HASH_BYTES, from * HASH_BYTES, (from + 1) * HASH_BYTES);
    return slot;
  }

  /** Another table's stream's slot in this one, or -1. */
  findIn(other: StreamHeads, from: number): number {
    this.lookedUp = undefined;
    return this.probe(other.codes[from]!, other.ids, other.starts[from]!, other.endOf(from));
  }

  /** Whether this table's hash at `slot` is the 32 bytes at `at` of `hashes`. */
  hashEquals(slot: number, hashes: Buffer, at: number): boolean {
    return this.hashes.compare(hashes, at, at + HASH_BYTES, slot * HASH_BYTES, (slot + 1) * HASH_BYTES) === 0;
  }

  *entries(): Generator<[streamId: string, revision: number, hash: string]> {
    for (let slot = 0; slot < this.size; slot += 1) yield [this.idAt(slot), this.revisions[slot]!, this.hashAt(slot)];
  }

  clone(): StreamHeads {
    return new StreamHeads(this.posted(true));
  }

  /** The buffers as they are (`copy`: copies of them); after posting without copying, this table is not used again. */
  posted(copy = false): PostedHeads {
    // every array here owns its whole buffer (allocated as its own ArrayBuffer), so the buffer is the array
    const give = (array: Uint8Array | Uint32Array | Float64Array | Int32Array) => (copy ? (array.buffer as ArrayBuffer).slice(0) : (array.buffer as ArrayBuffer));
    return {
      size: this.size,
      idBytes: this.idBytes,
      ids: give(this.ids),
      starts: give(this.starts),
      codes: give(this.codes),
      revisions: give(this.revisions),
      hashes: give(this.hashes),
      table: give(this.table),
    };
  }

  private endOf(slot: number): number {
    return slot + 1 < this.size ? this.starts[slot + 1]! : this.idBytes;
  }

  private probe(code: number, bytes: Buffer, from: number, to: number): number {
    const { table, codes, starts, ids } = this;
    const mask = table.length - 1;
    const length = to - from;
    for (let at = code & mask; ; at = (at + 1) & mask) {
      const entry = table[at]!;
      if (entry === 0) {
        this.free = at;
        return -1;
      }
      const slot = entry - 1;
      if (codes[slot] !== code) continue;
      const start = starts[slot]!;
      if ((slot + 1 < this.size ? starts[slot + 1]! : this.idBytes) - start !== length) continue;
      let i = 0;
      while (i < length && ids[start + i] === bytes[from + i]) i += 1;
      if (i === length) return slot;
    }
  }

  /** A new slot for the id in bytes[from, to) (known absent), the table grown first if it would be over half full. */
  private insert(code: number, bytes: Buffer, from: number, to: number): number {
    const slot = this.size;
    if ((slot + 1) * 2 > this.table.length) {
      this.rehash(this.table.length * 2);
      this.probe(code, bytes, from, to);
    } else if (this.free < 0 || this.table[this.free] !== 0) this.probe(code, bytes, from, to);
    if (slot === this.codes.length) {
      const length = slot * 2;
      this.starts = grown(this.starts, length + 1);
      this.codes = grown(this.codes, length);
      this.revisions = grown(this.revisions, length);
      const hashes = owned(length * HASH_BYTES);
      this.hashes.copy(hashes);
      this.hashes = hashes;
    }
    const length = to - from;
    if (this.idBytes + length > this.ids.length) {
      const ids = owned(Math.max(this.ids.length * 2, this.idBytes + length));
      this.ids.copy(ids, 0, 0, this.idBytes);
      this.ids = ids;
    }
    bytes.copy(this.ids, this.idBytes, from, to);
    this.starts[slot] = this.idBytes;
    this.idBytes += length;
    this.codes[slot] = code;
    this.table[this.free] = slot + 1;
    this.free = -1;
    this.size += 1;
    return slot;
  }

  private rehash(length: number): void {
    const table = new Int32Array(length);
    const mask = length - 1;
    for (let slot = 0; slot < this.size; slot += 1) {
      let at = this.codes[slot]! & mask;
      while (table[at] !== 0) at = (at + 1) & mask;
      table[at] = slot + 1;
    }
    this.table = table;
  }
}

/**
 * For a range not from the log's start: each stream's first event there (its revision and the prevHash it stores),
 * by its slot in the range's heads, for the join to link to the stream's last before.
 */
export class StreamFirsts {
  size = 0;
  private revisions: Float64Array;
  private hashes: Buffer;
  /** 1 where the prevHash is null. */
  private none: Uint8Array;

  constructor(posted?: PostedFirsts) {
    this.size = posted?.size ?? 0;
    this.revisions = posted ? new Float64Array(posted.revisions) : new Float64Array(1024);
    this.hashes = posted ? Buffer.from(posted.hashes) : owned(1024 * HASH_BYTES);
    this.none = posted ? new Uint8Array(posted.none) : new Uint8Array(1024);
  }

  /** False when the prevHash cannot be any event's hash (not lowercase hex SHA-256): the range is then faulty. */
  push(revision: number, prevHash: string | null): boolean {
    if (prevHash !== null && !/^[0-9a-f]{64}$/.test(prevHash)) return false;
    const at = this.size;
    if (at === this.revisions.length) {
      this.revisions = grown(this.revisions, at * 2);
      this.none = grown(this.none, at * 2);
      const hashes = owned(at * 2 * HASH_BYTES);
      this.hashes.copy(hashes);
      this.hashes = hashes;
    }
    this.revisions[at] = revision;
    if (prevHash === null) this.none[at] = 1;
    else this.hashes.write(prevHash, at * HASH_BYTES, HASH_BYTES, 'hex');
    this.size += 1;
    return true;
  }

  /** Whether the first event at `slot` links to `heads`' head at `head` (-1: the stream has none before it). */
  linksTo(slot: number, heads: StreamHeads, head: number): boolean {
    if (head < 0) return this.revisions[slot] === 0 && this.none[slot] === 1;
    return this.revisions[slot] === heads.revisionAt(head) + 1 && this.none[slot] === 0 && heads.hashEquals(head, this.hashes, slot * HASH_BYTES);
  }

  revisionAt(slot: number): number {
    return this.revisions[slot]!;
  }

  prevHashAt(slot: number): string | null {
    return this.none[slot] === 1 ? null : this.hashes.toString('hex', slot * HASH_BYTES, (slot + 1) * HASH_BYTES);
  }

  posted(): PostedFirsts {
    return { size: this.size, revisions: this.revisions.buffer as ArrayBuffer, hashes: this.hashes.buffer as ArrayBuffer, none: this.none.buffer as ArrayBuffer };
  }
}

export interface PostedFirsts {
  size: number;
  revisions: ArrayBuffer;
  hashes: ArrayBuffer;
  none: ArrayBuffer;
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
  const lasts = result.lasts.posted();
  const firsts = result.firsts.posted();
  const posted: PostedRangeResult = { ...result, lasts, firsts };
  port.postMessage({ result: posted }, [lasts.ids, lasts.starts, lasts.codes, lasts.revisions, lasts.hashes, lasts.table, firsts.revisions, firsts.hashes, firsts.none]);
}
