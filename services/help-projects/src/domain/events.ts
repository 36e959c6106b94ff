import type { HelpProjectsEvent } from '@grid/contracts';

/** Every help-projects event type and its data (newest version), derived from the contracts' registry. */
export type HelpProjectsEventData = { [E in HelpProjectsEvent as E['type']]: E['data'] };
export type HelpProjectsEventType = keyof HelpProjectsEventData;

/** A domain event as a decider emits it; `occurredAt` is the business date the handler puts on the envelope. */
export type DomainEventOf<T extends HelpProjectsEventType> = { type: T; data: HelpProjectsEventData[T]; occurredAt: string };

export const evt = <T extends HelpProjectsEventType>(type: T, data: HelpProjectsEventData[T], occurredAt: string): DomainEventOf<T> => ({ type, data, occurredAt });

/** The events of some types, as a union discriminated on `type`. */
export type EventsOf<T extends HelpProjectsEventType> = { [K in T]: DomainEventOf<K> }[T];
