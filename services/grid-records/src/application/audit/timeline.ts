import type { Actor, Envelope, ProgramCode } from '@grid/contracts';
import { recordedLateDays } from '@grid/platform';
import { labelOf, ruleOf, type EventLabel, type RuleRef } from './event-labels';

/** One line of a household's readable history. */
export interface TimelineEntry {
  position: number;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  label: EventLabel;
  /** When it took effect (business date). */
  effectiveOn: string;
  /** When the system learned it. */
  recordedAt: string;
  /** Days between the two when it was recorded after the fact (a death reported late), else 0. */
  recordedLateDays: number;
  /** Who entered it; `decidedBy` is who decided, when the event names someone else. */
  actor: Actor;
  decidedBy: Actor | null;
  reason: string | null;
  rule: RuleRef | null;
  correlationId: string;
  causationId: string | null;
  /** The event's data as stored (sealed fields sealed): the reader masks it by role. */
  data: Record<string, unknown>;
}


/** The business date of an event (`occurredAt` is a date, or a timestamp for events that carry none). */
export const effectiveDateOf = (e: Envelope): string => e.occurredAt.slice(0, 10);

/** The program of each case stream, from its application (steps after it name only the case). */
export function programsByStream(events: readonly Envelope[]): Map<string, ProgramCode> {
  const programs = new Map<string, ProgramCode>();
  for (const e of events) {
    const program = (e.data as { program?: ProgramCode }).program;
    if (program && !programs.has(e.streamId)) programs.set(e.streamId, program);
  }
  return programs;
}

/** The readable history of events from several streams, in log order. */
export function timelineOf(events: readonly Envelope[]): TimelineEntry[] {
  const programs = programsByStream(events);
  return events.map((e) => {
    const data = e.data as { by?: Actor; reason?: string };
    const effectiveOn = effectiveDateOf(e);
    const decidedBy = data.by && (data.by.id !== e.actor.id || data.by.role !== e.actor.role) ? data.by : null;
    return {
      position: e.globalPosition,
      streamId: e.streamId,
      revision: e.streamRevision,
      eventId: e.eventId,
      type: e.type,
      label: labelOf(e.type),
      effectiveOn,
      recordedAt: e.recordedAt,
      recordedLateDays: recordedLateDays(e.recordedAt, effectiveOn),
      actor: e.actor,
      decidedBy,
      reason: e.reason ?? (typeof data.reason === 'string' ? data.reason : null),
      rule: ruleOf(e, programs.get(e.streamId)),
      correlationId: e.correlationId,
      causationId: e.causationId,
      data: e.data,
    };
  });
}
