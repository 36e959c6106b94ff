// Shared by the EventStore contract suite files: probes, fresh stream ids and small assertion helpers.
import { randomUUID } from 'node:crypto';
import { probeRecorded, type Actor, type Envelope, type NewEvent } from '@grid/contracts';
import type { AppendedEvent, EventStore } from './event-store';

export interface ContractSubject {
  store: EventStore;
  /** Opens the same data again after `store.close()`; adapters that keep nothing leave it out. */
  reopen?: () => Promise<EventStore>;
  cleanup: () => Promise<void>;
}

// Streams `test-<uuid>` and probe events only, and every assertion filtered to its own streams, so the
// suite can run against a shared server (KurrentDB) that holds other data. Positions are never assumed
// contiguous: KurrentDB's are not.
export const PROBE = probeRecorded.type;
const actor: Actor = { id: 'contract-suite', role: 'system' };
export const newStream = (): string => `test-${randomUUID()}`;
export const probe = (n: number, extra: Partial<NewEvent> = {}): NewEvent => ({ type: PROBE, data: { n }, actor, ...extra });
export const probes = (count: number, from = 0): NewEvent[] => Array.from({ length: count }, (_, i) => probe(from + i));
export const withIds = (events: NewEvent[]): NewEvent[] => events.map((e) => ({ ...e, eventId: randomUUID() }));
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The error a promise rejects with; fails the test when it fulfils instead. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  const outcome = await promise.then(
    (value) => ({ fulfilled: true as const, value }),
    (error: unknown) => ({ fulfilled: false as const, error }),
  );
  if (outcome.fulfilled) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}

export async function collect(events: AsyncIterable<Envelope>, keep: (e: Envelope) => boolean = () => true): Promise<Envelope[]> {
  const out: Envelope[] = [];
  for await (const e of events) if (keep(e)) out.push(e);
  return out;
}

export function expectStrictlyIncreasing(positions: number[]): void {
  positions.slice(1).forEach((p, i) => expect(p).toBeGreaterThan(positions[i]!));
}

/** An envelope as an append answers it (AppendResult.events carry no global position). */
export function withoutPosition(e: Envelope): AppendedEvent {
  const { globalPosition: _position, ...rest } = e;
  return rest;
}
