import type { ElectionsEvent } from '@grid/contracts';

/** Every elections event type and its data (newest version), derived from the contracts' registry. */
export type ElectionEventData = { [E in ElectionsEvent as E['type']]: E['data'] };
export type ElectionEventType = keyof ElectionEventData;

/** A domain event as the decider emits it; `occurredAt` is the business date the handler puts on the envelope. */
export type ElectionEvent = { [T in ElectionEventType]: { type: T; data: ElectionEventData[T]; occurredAt: string } }[ElectionEventType];
export type EventOf<T extends ElectionEventType> = Extract<ElectionEvent, { type: T }>;

export const evt = <T extends ElectionEventType>(type: T, data: ElectionEventData[T], occurredAt: string): EventOf<T> =>
  ({ type, data, occurredAt }) as EventOf<T>;
