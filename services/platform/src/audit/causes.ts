import type { Envelope } from '@grid/contracts';
import type { EventStore } from '../store/event-store';

/** How far back causation is followed (a reaction of a reaction of …); grid-records' why stops at the same depth. */
const MAX_DEPTH = 20;

/**
 * Every event the given events' causation ids lead to, through the whole log and every service's streams (events
 * only, no service is asked). One look-up by id per step back, bounded by the step's latest effect (a cause is
 * always before its effect): chains are short (a death → an enrolment's end).
 */
export async function causesInStore(store: EventStore, events: readonly Envelope[]): Promise<Map<string, Envelope>> {
  const found = new Map(events.map((e) => [e.eventId, e]));
  let effects = events.filter((e) => e.causationId !== null && !found.has(e.causationId));
  for (let depth = 0; effects.length > 0 && depth < MAX_DEPTH; depth++) {
    const wanted = [...new Set(effects.map((e) => e.causationId!))];
    const causes = await store.readEvents(wanted, { before: Math.max(...effects.map((e) => e.globalPosition)) });
    for (const e of causes) found.set(e.eventId, e);
    effects = causes.filter((e) => e.causationId !== null && !found.has(e.causationId));
  }
  return found;
}

/**
 * Every event outside `events` that one of them caused, directly or through the events it caused, in log order, from
 * any service (a status's end → a help project's enrolment end). One look-up by causation id per step forward.
 */
export async function effectsInStore(store: EventStore, events: readonly Envelope[]): Promise<Envelope[]> {
  const own = new Set(events.map((e) => e.eventId));
  const reached = new Set(own);
  const found: Envelope[] = [];
  let causes = [...events];
  while (causes.length > 0) {
    const after = Math.min(...causes.map((e) => e.globalPosition));
    const caused = await store.readCausedBy(causes.map((e) => e.eventId), { after });
    causes = caused.filter((e) => !reached.has(e.eventId));
    for (const e of causes) reached.add(e.eventId);
    found.push(...causes.filter((e) => !own.has(e.eventId)));
  }
  return found.sort((a, b) => a.globalPosition - b.globalPosition);
}
