import type { Envelope } from '@grid/contracts';
import { fold, type Decider } from '../decider/decider';
import { shownPlain } from './shown-plain';

/**
 * One aggregate a service lets auditors ask about as of a date (docs/audit.md, "As-of across services"): its
 * stream, how its events fold into state (its decider's evolve), and whose auditors may ask.
 */
export interface AuditedAggregate<S = unknown> {
  /** Its audit route's path segment, plural: `elections` is `GET /v1/audit/elections/{id}`; unique across services. */
  name: string;
  summary: { zh: string; en: string };
  stream(id: string): string;
  /** The state after these events, as shown: plain JSON, sealed personal data masked. */
  stateOf(events: readonly Envelope[]): unknown;
  /** The region whose auditors may ask, from the whole stream or the service's read models; null: nobody's. */
  regionOf(events: readonly Envelope[], services: S): Promise<string | null> | string | null;
  /** The day an event took effect; default its `occurredAt` day (the business date the service's events carry). */
  effectiveOn?(event: Envelope): string;
}

export interface AuditedAggregateSpec<S, State, Event> extends Omit<AuditedAggregate<S>, 'stateOf'> {
  decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>;
  /** What of the state an auditor sees (default all of it, maps and sets as JSON); null before the first event. */
  view?(state: State): unknown;
}

/** An audited aggregate over its decider: the state is the decider's fold, shown through `view`. */
export function auditedAggregate<S, State, Event>(spec: AuditedAggregateSpec<S, State, Event>): AuditedAggregate<S> {
  const { decider, view = (s: State) => s, ...rest } = spec;
  return {
    ...rest,
    // A stored envelope is the decider's event with more fields (type, data, occurredAt are the same).
    stateOf: (events) => (events.length === 0 ? null : shownPlain(view(fold(decider, events as unknown as Event[])))),
  };
}

/** A string field of the stream's first event (its founding event names its region, organisation or member), else null. */
export function foundingField(events: readonly Envelope[], field: string): string | null {
  const value = events[0]?.data[field];
  return typeof value === 'string' ? value : null;
}
