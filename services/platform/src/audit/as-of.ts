import type { Actor, Envelope } from '@grid/contracts';
import type { AuditedAggregate } from './audited-aggregate';
import { shownPlain } from './shown-plain';

const DAY_MS = 86_400_000;

/** One event as an auditor reads it: both clocks, who, why, what it answered to; sealed data masked. */
export interface AuditedEvent {
  position: number;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  /** 生效日期: the day it took effect. */
  effectiveOn: string;
  /** 记录时间: when the system learned it. */
  recordedAt: string;
  /** Whole days recorded after it took effect (China time). */
  recordedLateDays: number;
  actor: Actor;
  reason: string | null;
  correlationId: string;
  causationId: string | null;
  data: unknown;
}

/** An event that explains the state, with the events that caused it, nearest first, in whichever service they were. */
export interface ExplainedEvent extends AuditedEvent {
  causedBy: AuditedEvent[];
}

export interface AggregateAsOf {
  aggregate: string;
  id: string;
  streamId: string;
  validAt: string;
  knownAt: string;
  /** The state folded from `explainedBy`; null when nothing about it was in effect and recorded then. */
  state: unknown;
  /** Recorded by `knownAt` and in effect by `validAt`: what makes the state. */
  explainedBy: ExplainedEvent[];
  /** In effect by `validAt` but recorded after `knownAt`: what the records did not yet say then. */
  learnedLater: ExplainedEvent[];
  /** Personal data is shown masked in every audit answer. */
  disclosure: 'masked';
}

/** `knownAt` as a date means the end of that day in China (UTC+8); a timestamp is taken as given. */
export const knownAtOf = (value: string): string => (value.length === 10 ? `${value}T23:59:59.999+08:00` : value);

const occurredOn = (e: Envelope): string => e.occurredAt.slice(0, 10);

/** Whole days from the start of the effective day in China (UTC+8) to when the event was recorded; 0 if not late. */
export const recordedLateDays = (recordedAt: string, effectiveOn: string): number =>
  Math.max(0, Math.floor((Date.parse(recordedAt) - Date.parse(`${effectiveOn}T00:00:00+08:00`)) / DAY_MS));

export function auditedEvent(e: Envelope, effectiveOn: string = occurredOn(e)): AuditedEvent {
  return {
    position: e.globalPosition,
    streamId: e.streamId,
    revision: e.streamRevision,
    eventId: e.eventId,
    type: e.type,
    effectiveOn,
    recordedAt: e.recordedAt,
    recordedLateDays: recordedLateDays(e.recordedAt, effectiveOn),
    actor: e.actor,
    reason: e.reason ?? null,
    correlationId: e.correlationId,
    causationId: e.causationId,
    data: shownPlain(e.data),
  };
}

/** Follows causation ids back through `causes` (every event they can reach, from any stream); causes come first, so no cycle. */
export function causeChain(e: Envelope, causes: ReadonlyMap<string, Envelope>): Envelope[] {
  const chain: Envelope[] = [];
  for (let cause = e.causationId ? causes.get(e.causationId) : undefined; cause && chain.length < 20; ) {
    chain.push(cause);
    cause = cause.causationId ? causes.get(cause.causationId) : undefined;
  }
  return chain;
}

/**
 * The aggregate valid at `validAt` as known at `knownAt` (docs/architecture.md, Time): its stream's events recorded by
 * `knownAt` whose effective date is on or before `validAt`, folded by its decider's evolve; each with its causes.
 */
export function aggregateAsOf(
  aggregate: AuditedAggregate<never>,
  id: string,
  events: readonly Envelope[],
  at: { validAt: string; knownAt: string },
  causes: ReadonlyMap<string, Envelope> = new Map(),
): AggregateAsOf {
  const effectiveOn = (e: Envelope) => aggregate.effectiveOn?.(e) ?? occurredOn(e);
  const limit = Date.parse(at.knownAt);
  const effective = events.filter((e) => effectiveOn(e) <= at.validAt);
  const known = effective.filter((e) => Date.parse(e.recordedAt) <= limit);
  const later = effective.filter((e) => Date.parse(e.recordedAt) > limit);
  const explained = (e: Envelope): ExplainedEvent => ({ ...auditedEvent(e, effectiveOn(e)), causedBy: causeChain(e, causes).map((c) => auditedEvent(c)) });
  return {
    aggregate: aggregate.name,
    id,
    streamId: aggregate.stream(id),
    validAt: at.validAt,
    knownAt: at.knownAt,
    state: aggregate.stateOf(known),
    explainedBy: known.map(explained),
    learnedLater: later.map(explained),
    disclosure: 'masked',
  };
}
