import type { Envelope } from '@grid/contracts';
import type { EventStore } from '../store/event-store';

/** How far back causation is followed (a reaction of a reaction of …); grid-records' why stops at the same depth. */
const MAX_DEPTH = 20;

/**
 * Every event the given events' causation ids lead to, through the whole log and every service's streams (events
 * only, no service is asked). The store has no look-up by event id, so each step back is one pass over the log up to
 * the latest effect (a cause is always before its effect): chains are short (a death → an enrolment's end).
 */
export async function causesInStore(store: EventStore, events: readonly Envelope[]): Promise<Map<string, Envelope>> {
  const found = new Map(events.map((e) => [e.eventId, e]));
  let effects = events.filter((e) => e.causationId !== null && !found.has(e.causationId));
  for (let depth = 0; effects.length > 0 && depth < MAX_DEPTH; depth++) {
    const wanted = new Set(effects.map((e) => e.causationId!));
    const until = Math.max(...effects.map((e) => e.globalPosition));
    const next: Envelope[] = [];
    for await (const e of store.readAll()) {
      if (e.globalPosition >= until) break;
      if (!wanted.has(e.eventId)) continue;
      found.set(e.eventId, e);
      wanted.delete(e.eventId);
      if (e.causationId !== null && !found.has(e.causationId)) next.push(e);
      if (wanted.size === 0) break;
    }
    effects = next;
  }
  return found;
}

/**
 * Every event outside `events` that one of them caused, directly or through the events it caused, in log order, from
 * any service (a status's end → a help project's enrolment end). One pass over the log from the first of them.
 */
export async function effectsInStore(store: EventStore, events: readonly Envelope[]): Promise<Envelope[]> {
  if (events.length === 0) return [];
  const own = new Set(events.map((e) => e.eventId));
  const reached = new Set(own);
  const found: Envelope[] = [];
  const from = Math.min(...events.map((e) => e.globalPosition)) - 1;
  for await (const e of store.readAll({ fromPosition: from })) {
    if (e.causationId === null || !reached.has(e.causationId) || own.has(e.eventId)) continue;
    reached.add(e.eventId);
    found.push(e);
  }
  return found;
}
