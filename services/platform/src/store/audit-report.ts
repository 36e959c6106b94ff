/** What went wrong, by the names an auditor reads (docs/audit.md). */
export type AuditFaultKind = 'content' | 'link' | 'gap' | 'order' | 'truncation' | 'missing-stream' | 'anchor-mismatch';

export interface AuditFault {
  kind: AuditFaultKind;
  streamId: string | null;
  streamRevision: number | null;
  globalPosition: number | null;
  detail: string;
}

export interface AuditReport {
  ok: boolean;
  events: number;
  streams: number;
  /** The last position read, its log link and the root over every stream's head there: what an anchor of this log would claim. */
  head: number;
  logHash: string | null;
  streamsRoot: string;
  /** Anchors whose position was reached and matched (in the log and published). */
  anchorsChecked: number;
  /** The first fault in log order (faults found only after the pass, e.g. in the streams table, come after). */
  fault: AuditFault | null;
}

/** An audit's report: how far its pass got, and the first fault (null: none). */
export const auditReportOf = (fault: AuditFault | null, reached: Omit<AuditReport, 'ok' | 'fault'>): AuditReport => ({ ok: fault === null, ...reached, fault });

/** A fault found, thrown to end the audit's pass where it was found. */
export class AuditFaultFound extends Error {
  constructor(readonly fault: AuditFault) {
    super(fault.detail);
  }
}

export const auditFault = (kind: AuditFaultKind, at: { streamId?: string; revision?: number; position?: number }, detail: string): AuditFaultFound =>
  new AuditFaultFound({ kind, streamId: at.streamId ?? null, streamRevision: at.revision ?? null, globalPosition: at.position ?? null, detail });
