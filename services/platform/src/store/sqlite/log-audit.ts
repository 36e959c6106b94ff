import { createHash, hash } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { ANCHOR_EVENT, ANCHOR_STREAM, type SignedAnchor } from '../anchors';
import { AnchorExpectations } from '../anchor-checks';
import { logLink, streamsRoot, type StreamHead } from '../log-chain';
import { prevHashIs, StreamHeads } from './audit-worker';
import { OLDEST_VERIFIABLE_SCHEMA, SCHEMA_VERSION } from './schema';
import { auditFault as fault, AuditFaultFound, auditReportOf, type AuditFault, type AuditReport } from '../audit-report';

export type { AuditFault, AuditFaultKind, AuditReport } from '../audit-report';

export interface AuditOptions {
  /** Anchors published outside the system: each must be signed by its key and match the log at its position. */
  published?: SignedAnchor[];
  /** Key ids trusted to sign the anchors in the log (the published anchors' keys are added). None: any key whose signature holds. */
  trustedKeyIds?: string[];
  onProgress?: (position: number, head: number) => void;
  /** Rows a query, of the log and of the streams table. */
  batchSize?: number;
  busyTimeoutMs?: number;
}

/** The log as checked in ranges: totals, the last link, every stream's head, and the link, streams and root at each anchor position. */
export interface AdoptedLog {
  events: number;
  head: number;
  link: string | null;
  heads: StreamHeads;
  checkpoints: [position: number, link: string | null, streams: number, root: string][];
}

type Row = [position: number, eventId: string, streamId: string, revision: number, type: string, canonical: Uint8Array, hash: string, link: string | null];

/**
 * The auditor's check of an event store file (docs/audit.md), over a read-only connection (nothing is written: no
 * migration, no pragma): every event's stored bytes against its hash and its row, both chains (per stream and the
 * log), positions contiguous from 1, the streams table and SQLite's position counter against the log, and every
 * anchor (in the log's anchors stream and published) against the log at its position.
 */
export function auditLog(path: string, options: AuditOptions = {}): AuditReport {
  const db = new DatabaseSync(path, { readOnly: true, timeout: options.busyTimeoutMs ?? 5000 });
  try {
    const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
    if (version < OLDEST_VERIFIABLE_SCHEMA || version > SCHEMA_VERSION) {
      throw new Error(`${path}: event store schema v${version}; verify reads v${OLDEST_VERIFIABLE_SCHEMA}–v${SCHEMA_VERSION} (start the service once to migrate)`);
    }
    return new LogAudit(db, options).run();
  } finally {
    db.close();
  }
}


/** One pass of auditLog; auditLogParallel (parallel-audit.ts) adopts its workers' ranges in place of readLog. */
export class LogAudit {
  private heads = new StreamHeads();
  private anchors: AnchorExpectations | undefined;
  private position = 0;
  private link: string | null = null;
  private events = 0;
  /** The streams root, hashed from the streams table in id order once it matched the log's heads. */
  private tableRoot: string | undefined;
  private readonly utf8 = new TextDecoder();

  constructor(
    private readonly db: DatabaseSync,
    private readonly options: AuditOptions,
  ) {}

  run(pass = (): void => {
    this.collectAnchors();
    this.readLog();
    this.checkAfterLog();
  }): AuditReport {
    let firstFault: AuditFault | null = null;
    try {
      pass();
    } catch (error) {
      if (!(error instanceof AuditFaultFound)) throw error;
      firstFault = error.fault;
    }
    const { events, position: head, link: logHash } = this;
    return auditReportOf(firstFault, { events, streams: this.heads.size, head, logHash, streamsRoot: this.root(), anchorsChecked: this.anchors?.checked ?? 0 });
  }

  /** The anchors' signatures, then what the log's ranges checked elsewhere add up to, then the checks after the log; null on a fault. */
  adopt(read: (anchorPositions: number[]) => Promise<AdoptedLog | null>): Promise<AuditReport | null> {
    try {
      this.collectAnchors();
    } catch (error) {
      if (error instanceof AuditFaultFound) return Promise.resolve(null);
      throw error;
    }
    return read([...this.anchors!.byPosition.keys()]).then((log) => {
      if (!log) return null;
      try {
        for (const [position, link, streams, root] of log.checkpoints) this.anchors!.compare(position, { link, events: position, streams, root: () => root });
        this.heads = log.heads;
        this.position = log.head;
        this.link = log.link;
        this.events = log.events;
        this.checkAfterLog();
      } catch (error) {
        if (error instanceof AuditFaultFound) return null;
        throw error;
      }
      return this.run(() => undefined);
    });
  }

  private root(): string {
    return this.tableRoot ?? streamsRoot(this.heads.entries());
  }

  /** Published anchors and the log's own, signatures checked up front; each is compared when the pass reaches its position. */
  private collectAnchors(): void {
    this.anchors = new AnchorExpectations(this.options.published, this.options.trustedKeyIds);
    const rows = this.db.prepare('SELECT global_position, stream_revision, type, canonical FROM events WHERE stream_id = ? ORDER BY stream_revision');
    for (const { global_position: position, stream_revision: revision, type, canonical } of rows.all(ANCHOR_STREAM) as {
      global_position: number;
      stream_revision: number;
      type: string;
      canonical: string;
    }[]) {
      const at = { streamId: ANCHOR_STREAM, revision, position };
      if (type !== ANCHOR_EVENT) continue; // an event of another type there is only chained, like any other
      let anchor: SignedAnchor;
      try {
        anchor = (JSON.parse(canonical) as { data: SignedAnchor }).data;
      } catch {
        throw fault('content', at, 'anchor event is not JSON');
      }
      this.anchors.logged(anchor, at);
    }
  }

  private readLog(): void {
    const batchSize = this.options.batchSize ?? 2000;
    const page = this.db.prepare(
      'SELECT global_position, event_id, stream_id, stream_revision, type, CAST(canonical AS BLOB), hash, log_hash FROM events ' +
        'WHERE global_position > ? ORDER BY global_position ASC LIMIT ?',
    );
    page.setReturnArrays(true);
    const last = (this.db.prepare('SELECT COALESCE(MAX(global_position), 0) AS head FROM events').get() as { head: number }).head;
    for (;;) {
      const rows = page.all(this.position, batchSize) as unknown as Row[];
      for (const row of rows) this.check(row);
      this.options.onProgress?.(this.position, last);
      if (rows.length < batchSize) return;
    }
  }

  private check([position, eventId, streamId, revision, type, canonical, stored, link]: Row): void {
    if (position !== this.position + 1) {
      const missing = position === this.position + 2 ? `${this.position + 1}` : `${this.position + 1}–${position - 1}`;
      throw fault('gap', { position: this.position + 1 }, `positions ${missing} are missing from the log`);
    }
    const at = { streamId, revision, position };
    if (hash('sha256', canonical, 'hex') !== stored) throw fault('content', at, 'the stored text does not hash to the stored hash');
    // the text's streamId is a string: a column of another type never matches it (and has no place among the heads)
    if (typeof streamId !== 'string') throw fault('content', at, 'the row’s columns (stream, revision, id, type) disagree with its hashed text');
    const head = this.heads.find(streamId);
    const headHash = head < 0 ? null : this.heads.hashAt(head);
    const linked = prevHashIs(canonical, eventId, streamId, revision, type, headHash);
    const prevHash = linked === undefined ? this.parsedPrevHash(canonical, eventId, streamId, revision, type, at) : undefined;
    const expected = head < 0 ? 0 : this.heads.revisionAt(head) + 1;
    if (revision !== expected) {
      const later = revision > expected && this.hasRevisionAfter(streamId, expected, position);
      throw fault(
        revision < expected || later ? 'order' : 'gap',
        at,
        revision < expected || later
          ? `revision ${revision} comes before revision ${expected} of its stream`
          : `revisions ${expected}–${revision - 1} of the stream are missing`,
      );
    }
    if (linked === undefined ? prevHash !== headHash : !linked) throw fault('link', at, 'prevHash is not the hash of the stream’s previous event');
    const expectedLink = logLink(this.link, position, stored);
    if (link !== expectedLink) throw fault('link', at, 'the log chain breaks here (log_hash is not the link over the previous one)');
    if (head < 0) this.heads.add(streamId, revision, stored);
    else this.heads.set(head, revision, stored);
    this.position = position;
    this.link = link;
    this.events += 1;
    this.compare(position);
  }

  /** The exact way (what readers do): the text parsed and its members compared with the row's columns. */
  private parsedPrevHash(bytes: Uint8Array, eventId: string, streamId: string, revision: number, type: string, at: object): unknown {
    let text: { eventId?: unknown; streamId?: unknown; streamRevision?: unknown; type?: unknown; prevHash?: unknown };
    try {
      text = JSON.parse(this.utf8.decode(bytes)) as typeof text;
    } catch {
      throw fault('content', at, 'the stored text is not JSON');
    }
    if (typeof text !== 'object' || text === null || text.eventId !== eventId || text.streamId !== streamId || text.streamRevision !== revision || text.type !== type) {
      throw fault('content', at, 'the row’s columns (stream, revision, id, type) disagree with its hashed text');
    }
    return text.prevHash;
  }

  private hasRevisionAfter(streamId: string, revision: number, position: number): boolean {
    return (
      this.db.prepare('SELECT 1 FROM events WHERE stream_id = ? AND stream_revision = ? AND global_position > ?').get(streamId, revision, position) !==
      undefined
    );
  }

  /** Positions are contiguous here (checked), so an anchor's position is also its count of events. */
  private compare(position: number): void {
    if (!this.anchors!.byPosition.has(position)) return; // every event passes here: nothing allocated for the rest
    this.anchors!.compare(position, { link: this.link, events: position, streams: this.heads.size, root: () => this.root() });
  }

  /** What only the whole log shows: anchors past its end, positions handed out beyond it, the streams table. */
  private checkAfterLog(): void {
    this.anchors!.checkEnd(this.position);
    const seq = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'events'").get() as { seq: number } | undefined;
    if (seq && seq.seq > this.position) {
      throw fault('truncation', { position: this.position + 1 }, `the log ends at position ${this.position}; positions up to ${seq.seq} were handed out`);
    }
    // In pages, in id order (keyset), each row compared and hashed into the root as it comes: nothing kept a stream but a mark.
    const pageSize = this.options.batchSize ?? 2000;
    const firstPage = this.db.prepare('SELECT stream_id, revision, hash FROM streams ORDER BY stream_id LIMIT ?');
    const nextPage = this.db.prepare('SELECT stream_id, revision, hash FROM streams WHERE stream_id > ? ORDER BY stream_id LIMIT ?');
    firstPage.setReturnArrays(true);
    nextPage.setReturnArrays(true);
    const listed = new Uint8Array(this.heads.size);
    const root = createHash('sha256');
    let inLineOrder = true;
    let line = '';
    let rows = 0;
    for (let page = firstPage.all(pageSize) as unknown as StreamHead[]; ; page = nextPage.all(page[page.length - 1]![0], pageSize) as unknown as StreamHead[]) {
      let lines = ''; // one hash call a page, not a row: ~0.2 µs a stream less
      for (const [streamId, revision, h] of page) {
        const head = typeof streamId === 'string' ? this.heads.find(streamId) : -1;
        if (head < 0) throw fault('missing-stream', { streamId, revision }, 'the streams table holds a stream the log has no event of');
        const last = this.heads.revisionAt(head);
        if (revision > last) throw fault('truncation', { streamId, revision }, `the stream ends at revision ${last} in the log; the streams table says ${revision}`);
        if (revision !== last || h !== this.heads.hashAt(head)) throw fault('link', { streamId, revision: last }, `the streams table says revision ${revision}; the log’s head differs`);
        // a table rebuilt without its key can list a stream twice in place of one it drops
        if (listed[head] === 1) throw fault('missing-stream', { streamId, revision }, 'the streams table lists the stream more than once');
        listed[head] = 1;
        rows += 1;
        // the root sorts its lines as strings: the table's id order gives the same unless an id sorts otherwise as a line
        const next = `${streamId} ${revision} ${h}\n`;
        if (next <= line) inLineOrder = false;
        lines += next;
        line = next;
      }
      root.update(lines);
      if (page.length < pageSize) break;
    }
    if (rows !== this.heads.size) {
      const absent = listed.indexOf(0);
      throw fault('missing-stream', { streamId: absent < 0 ? undefined : this.heads.idAt(absent) }, 'the log holds a stream the streams table does not');
    }
    // Keyset pages pass over rows their order holds equal to a page's last id (another collation, ids not valid UTF-8).
    const { total } = this.db.prepare('SELECT COUNT(*) AS total FROM streams').get() as { total: number };
    if (total !== rows) throw fault('missing-stream', {}, `the streams table holds ${total - rows} row(s) the log has no stream of`);
    if (inLineOrder) this.tableRoot = root.digest('hex');
  }
}
