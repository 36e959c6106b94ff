import { categoryOf, type Envelope, type ProgramCode } from '@grid/contracts';
import { causeChain } from '@grid/platform';
import { PROGRAMS } from '../../domain';
import { foldCaseView } from '../../projections/assistance/case-view';
import { programsByStream, timelineOf, type TimelineEntry } from './timeline';

/** What an event rested on: documents and findings it names (death certificate, home-check findings …). */
const EVIDENCE_FIELDS = ['evidence', 'findings', 'facts', 'officialRelative', 'approverLevel', 'recommended', 'upheld'] as const;

export interface WhyStep extends TimelineEntry {
  evidence: Record<string, unknown>;
  /** The events that caused this one, nearest first (causation ids followed through the whole store). */
  causedBy: TimelineEntry[];
  /** What it caused outside the household's history, in any service (a help project's enrolment ended by a status's end). */
  ledTo: { position: number; streamId: string; eventId: string; type: string }[];
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

/** What the store holds beyond the household's history: the causes of its events and what they caused (platform causes.ts). */
export interface CausalContext {
  causes: ReadonlyMap<string, Envelope>;
  effects: readonly Envelope[];
}

/**
 * Why a household has (or had) a status: every case of the program, each step with its command, actor, rule,
 * evidence, the chain of events that caused it (a death → the rule's end of the status) and what it caused, across
 * streams and services.
 */
export function whyStatus(householdId: string, events: readonly Envelope[], program: ProgramCode, context: CausalContext = { causes: new Map(events.map((e) => [e.eventId, e])), effects: [] }): WhyAnswer {
  const entries = new Map(timelineOf(events).map((t) => [t.eventId, t]));
  const entryOf = (e: Envelope) => entries.get(e.eventId) ?? timelineOf([e])[0]!;
  // Effects come in log order, so an effect's cause already has its root (the household's event it follows from).
  const rootOf = new Map<string, string>();
  for (const x of context.effects) rootOf.set(x.eventId, rootOf.get(x.causationId!) ?? x.causationId!);
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
        causedBy: causeChain(e, context.causes).map(entryOf),
        ledTo: context.effects.filter((x) => rootOf.get(x.eventId) === e.eventId).map((x) => ({ position: x.globalPosition, streamId: x.streamId, eventId: x.eventId, type: x.type })),
        sameRequest: events
          .filter((x) => x.correlationId === e.correlationId && x.eventId !== e.eventId)
          .map((x) => ({ position: x.globalPosition, streamId: x.streamId, type: x.type })),
      })),
    };
  });
  return { householdId, program, term: PROGRAMS[program].term, source: PROGRAMS[program].source, cases };
}
