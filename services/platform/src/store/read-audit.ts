import type { Envelope } from '@grid/contracts';
import type { EventStore } from './event-store';
import { ANCHOR_EVENT, ANCHOR_STREAM, type SignedAnchor } from './anchors';
import { AnchorExpectations } from './anchor-checks';
import { auditFault, AuditFaultFound, auditReportOf, type AuditFault, type AuditReport } from './audit-report';
import { CorruptEventError, hashOf } from './hash-chain';
import { logLink, streamsRoot, type StreamHead } from './log-chain';
import { writtenEvents } from '../upcasting/upcasting-store';

/** What the audit reads: the log in order, and streams one by one (any EventStore, or a view of one). */
export type ReadableLog = Pick<EventStore, 'readAll' | 'readStream' | 'headPosition'>;

export interface ReadAuditOptions {
  /** Anchors published outside the system: each must be signed by its key and match the log at its position. */
  published?: SignedAnchor[];
  /** Key ids trusted to sign the anchors in the log (the published anchors' keys are added). None: any key whose signature holds. */
  trustedKeyIds?: string[];
  onProgress?: (position: number, head: number) => void;
  /** The stream holding the log's anchors (default anchors-log). */
  anchorStream?: string;
  /** Streams read back at once after the pass (default 16). */
  concurrency?: number;
}

type Head = [revision: number, hash: string, position: number];

/**
 * The auditor's check over what a store hands out (docs/audit.md), for stores whose log is not a file this process
 * reads itself (KurrentDB; also memory and SQLite through their port): every event's hash, each stream's chain, the
 * log chain computed over the events' sequence numbers in log order (`logLink(previous, n, hash)`: where positions
 * are 1, 2, 3 … it is SQLite's stored `log_hash`), positions increasing, every anchor (the log's own and the
 * published) against the log at its position, and then every stream read back by itself: a stream deleted, or cut
 * at its start ($tb, $maxCount), while its events still show in the log, is found there. Read only.
 */
export async function auditReadLog(store: ReadableLog, options: ReadAuditOptions = {}): Promise<AuditReport> {
  return new ReadAudit(writtenEvents(store) as ReadableLog, options).run();
}

class ReadAudit {
  private readonly heads = new Map<string, Head>();
  private anchors: AnchorExpectations | undefined;
  /** Anchored positions not reached yet, ascending. */
  private pending: number[] = [];
  private position = 0;
  private link: string | null = null;
  private events = 0;

  constructor(
    private readonly log: ReadableLog,
    private readonly options: ReadAuditOptions,
  ) {}

  async run(): Promise<AuditReport> {
    let fault: AuditFault | null = null;
    try {
      await this.collectAnchors();
      await this.readLog();
      this.anchors!.checkEnd(this.position, false);
      await this.readStreamsBack();
    } catch (error) {
      if (error instanceof AuditFaultFound) fault = error.fault;
      else if (error instanceof CorruptEventError) fault = corrupt(error);
      else throw error;
    }
    const { events, position: head, link: logHash } = this;
    return auditReportOf(fault, { events, streams: this.heads.size, head, logHash, streamsRoot: this.root(), anchorsChecked: this.anchors?.checked ?? 0 });
  }

  private root(): string {
    return streamsRoot([...this.heads].map(([id, [revision, hash]]): StreamHead => [id, revision, hash]));
  }

  private async collectAnchors(): Promise<void> {
    this.anchors = new AnchorExpectations(this.options.published, this.options.trustedKeyIds);
    for (const event of await this.log.readStream(this.options.anchorStream ?? ANCHOR_STREAM)) {
      if (event.type !== ANCHOR_EVENT) continue; // an event of another type there is only chained, like any other
      this.anchors.logged(event.data as unknown as SignedAnchor, { streamId: event.streamId, revision: event.streamRevision, position: event.globalPosition });
    }
    this.pending = [...this.anchors.byPosition.keys()].sort((a, b) => a - b);
  }

  private async readLog(): Promise<void> {
    const head = await this.log.headPosition();
    for await (const event of this.log.readAll({ batchSize: 1000 })) {
      this.check(event);
      if (this.events % 1000 === 0) this.options.onProgress?.(this.position, Math.max(head, this.position));
    }
    this.options.onProgress?.(this.position, Math.max(head, this.position));
  }

  private check(event: Envelope): void {
    const { streamId, streamRevision: revision, globalPosition: position } = event;
    const at = { streamId, revision, position };
    if (position <= this.position) throw auditFault('order', at, `position ${position} comes after position ${this.position} in the log`);
    const missed = this.pending[0];
    if (missed !== undefined && missed < position) {
      throw auditFault('anchor-mismatch', { position: missed }, `an anchor fixes position ${missed}; the log holds no event there`);
    }
    if (hashOf(event) !== event.hash) throw auditFault('content', at, 'the event does not hash to its hash');
    const head = this.heads.get(streamId);
    const expected = head ? head[0] + 1 : 0;
    if (revision < expected) throw auditFault('order', at, `revision ${revision} comes after revision ${expected - 1} of its stream`);
    if (revision > expected) throw auditFault('gap', at, `revisions ${expected}–${revision - 1} of the stream are missing from the log`);
    if (event.prevHash !== (head ? head[1] : null)) throw auditFault('link', at, 'prevHash is not the hash of the stream’s previous event');
    this.events += 1;
    this.link = logLink(this.link, this.events, event.hash);
    this.heads.set(streamId, [revision, event.hash, position]);
    this.position = position;
    if (this.pending[0] === position) {
      this.pending.shift();
      this.anchors!.compare(position, { link: this.link, events: this.events, streams: this.heads.size, root: () => this.root() });
    }
  }

  /**
   * Each stream as the store reads it by itself: from the revision `$all` showed as its head (that event, and the
   * next one if any, which must be readable: a foreign event added behind it is not), and from its start (revision 0).
   */
  private async readStreamsBack(): Promise<void> {
    const streams = [...this.heads];
    const width = Math.max(1, this.options.concurrency ?? 16);
    for (let i = 0; i < streams.length; i += width) {
      const faults = await Promise.all(streams.slice(i, i + width).map(([id, head]) => this.readBack(id, head)));
      const first = faults.find((f) => f !== null);
      if (first) throw new AuditFaultFound(first);
    }
  }

  private async readBack(streamId: string, [revision, hash, position]: Head): Promise<AuditFault | null> {
    const at = { streamId, revision, position };
    try {
      const [head] = await this.log.readStream(streamId, { fromRevision: revision, maxCount: 2 });
      if (!head) return auditFault('missing-stream', at, 'the log holds events of this stream; read by itself, the stream is not there (deleted)').fault;
      if (head.streamRevision !== revision) {
        return auditFault('truncation', at, `read by itself, the stream no longer holds revision ${revision}, its head in the log (it starts at ${head.streamRevision})`).fault;
      }
      if (head.hash !== hash) return auditFault('link', at, 'read by itself, the stream holds another event where the log has its head').fault;
      const [first] = await this.log.readStream(streamId, { maxCount: 1 });
      if (first && first.streamRevision !== 0) {
        return auditFault('truncation', { streamId, revision: 0 }, `read by itself, the stream starts at revision ${first.streamRevision}: revisions before it are cut`).fault;
      }
      return null;
    } catch (error) {
      if (error instanceof CorruptEventError) return corrupt(error);
      throw error;
    }
  }
}

/** An event the store cannot hand out as it was hashed (hash-chain.ts CorruptEventError). */
function corrupt(error: CorruptEventError): AuditFault {
  const { streamId, streamRevision, globalPosition, problem } = error.fault;
  return { kind: 'content', streamId, streamRevision, globalPosition, detail: `the stored event cannot be read as it was hashed (${problem})` };
}
