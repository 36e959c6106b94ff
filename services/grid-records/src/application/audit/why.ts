import { categoryOf, type Envelope, type ProgramCode } from '@grid/contracts';
import { PROGRAMS } from '../../domain';
import { foldCaseView } from '../../projections/assistance/case-view';
import { programsByStream, timelineOf, type TimelineEntry } from './timeline';

/** What an event rested on: documents and findings it names (death certificate, home-check findings …). */
const EVIDENCE_FIELDS = ['evidence', 'findings', 'facts', 'officialRelative', 'approverLevel', 'recommended', 'upheld'] as const;

export interface WhyStep extends TimelineEntry {
  evidence: Record<string, unknown>;
  /** The events that caused this one, nearest first (causation ids followed through every stream read). */
  causedBy: TimelineEntry[];
  /** Other events written by the same request or reaction (its correlation id), in other streams too. */
  sameRequest: { position: number; streamId: string; type: string }[];
}

export interface WhyCase {
  caseId: string;
  stage: string;
  effectiveFrom: string | null;
  endedOn: string | null;
  steps: WhyStep[];
}

export interface WhyAnswer {
  householdId: string;
  program: ProgramCode;
  term: string;
  source: string;
  cases: WhyCase[];
}

/**
 * Why a household has (or had) a status: every case of the program, each step with its command, actor, rule,
 * evidence and the chain of events that caused it (a death → the rule's end of the status), across streams.
 */
export function whyStatus(householdId: string, events: readonly Envelope[], program: ProgramCode): WhyAnswer {
  const byId = new Map(events.map((e) => [e.eventId, e]));
  const entries = new Map(timelineOf(events).map((t) => [t.eventId, t]));
  const programs = programsByStream(events);
  const caseStreams = [...programs].filter(([s, p]) => p === program && categoryOf(s) === 'assistance').map(([s]) => s);
  const cases = caseStreams.map((streamId): WhyCase => {
    const own = events.filter((e) => e.streamId === streamId);
    const c = foldCaseView(own)!;
    return {
      caseId: c.caseId,
      stage: c.stage,
      effectiveFrom: c.grant?.effectiveFrom ?? null,
      endedOn: c.endedOn,
      steps: own.map((e) => ({
        ...entries.get(e.eventId)!,
        evidence: Object.fromEntries(EVIDENCE_FIELDS.filter((k) => k in e.data).map((k) => [k, e.data[k]])),
        causedBy: causes(e, byId).map((x) => entries.get(x.eventId)!),
        sameRequest: events
          .filter((x) => x.correlationId === e.correlationId && x.eventId !== e.eventId)
          .map((x) => ({ position: x.globalPosition, streamId: x.streamId, type: x.type })),
      })),
    };
  });
  return { householdId, program, term: PROGRAMS[program].term, source: PROGRAMS[program].source, cases };
}

/** Follows causation ids back while the cause is among the events read (a cycle cannot occur: causes come first). */
function causes(e: Envelope, byId: Map<string, Envelope>): Envelope[] {
  const chain: Envelope[] = [];
  for (let cause = e.causationId ? byId.get(e.causationId) : undefined; cause && chain.length < 20; ) {
    chain.push(cause);
    cause = cause.causationId ? byId.get(cause.causationId) : undefined;
  }
  return chain;
}
