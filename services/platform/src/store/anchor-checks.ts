import { anchorProblem, type SignedAnchor } from './anchors';
import { auditFault } from './audit-report';

export interface ExpectedAnchor {
  anchor: SignedAnchor;
  /** Where it was found, for the fault's detail: `published anchor`, `anchor anchors-log@3`. */
  where: string;
}

/** The log at an anchored position, as an audit's pass found it. */
export interface LogAtPosition {
  link: string | null;
  /** Events up to the position, for anchors that count them (anchors.ts `events`). */
  events: number;
  streams: number;
  root: () => string;
}

/**
 * The anchors an audit holds the log to (docs/audit.md), by the position each fixes: the published ones, each
 * signed by its own key, and the log's own, signed by a trusted key. Shared by every store's audit: SQLite's
 * (sqlite/log-audit.ts) and the one over any read of the log (read-audit.ts). Faults are thrown (audit-report.ts).
 */
export class AnchorExpectations {
  readonly byPosition = new Map<number, ExpectedAnchor[]>();
  /** Anchors whose position was reached and matched. */
  checked = 0;
  private readonly trusted: Set<string>;

  constructor(published: SignedAnchor[] = [], trustedKeyIds: string[] = []) {
    this.trusted = new Set([...trustedKeyIds, ...published.map((a) => a.keyId)]);
    for (const anchor of published) {
      const problem = anchorProblem(anchor);
      if (problem) throw auditFault('anchor-mismatch', { position: anchor.position }, `published anchor at position ${anchor.position}: ${problem}`);
      this.expect(anchor, 'published anchor');
    }
  }

  /** An anchor event of the log's anchors stream, stored at `at`: trusted key, signature, and a claim on the log before itself. */
  logged(anchor: SignedAnchor, at: { streamId: string; revision: number; position: number }): void {
    let problem: string | null;
    try {
      problem = anchorProblem(anchor, this.trusted.size > 0 ? this.trusted : undefined);
    } catch {
      problem = 'it is not an anchor'; // fields missing or of another kind
    }
    if (problem) throw auditFault('anchor-mismatch', at, `anchor in the log: ${problem}`);
    if (anchor.position >= at.position) throw auditFault('anchor-mismatch', at, `anchor claims position ${anchor.position}, at or after its own`);
    this.expect(anchor, `anchor ${at.streamId}@${at.revision}`);
  }

  private expect(anchor: SignedAnchor, where: string): void {
    const list = this.byPosition.get(anchor.position) ?? [];
    list.push({ anchor, where });
    this.byPosition.set(anchor.position, list);
  }

  /** Holds the anchors at `position` (if any) against the log there. */
  compare(position: number, log: LogAtPosition): void {
    const anchors = this.byPosition.get(position);
    if (!anchors) return;
    const root = log.root();
    for (const { anchor, where } of anchors) {
      const problem =
        anchor.events !== undefined && anchor.events !== log.events
          ? `the log holds ${log.events} events up to it, the anchor ${anchor.events}`
          : anchor.logHash !== log.link
            ? 'the log chain differs'
            : anchor.streams !== log.streams || anchor.streamsRoot !== root
              ? 'the streams’ heads differ'
              : null;
      if (problem) throw auditFault('anchor-mismatch', { position }, `${where} (${anchor.anchoredAt}): ${problem} at position ${position}`);
      this.checked += 1;
    }
  }

  /** After the whole log was read up to `head`: an anchor past it means the log was cut (at `head + 1` where positions are contiguous). */
  checkEnd(head: number, contiguous = true): void {
    const beyond = [...this.byPosition.keys()].filter((p) => p > head).sort((a, b) => a - b)[0];
    if (beyond !== undefined) {
      throw auditFault('truncation', contiguous ? { position: head + 1 } : {}, `the log ends at position ${head}; an anchor covers up to ${beyond}`);
    }
  }
}
