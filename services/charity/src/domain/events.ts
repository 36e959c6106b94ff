import type { CharityEvent } from '@grid/contracts';

/** Every charity event type and its data (newest version), derived from the contracts' registry. */
export type CharityEventData = { [E in CharityEvent as E['type']]: E['data'] };
export type CharityEventType = keyof CharityEventData;

/** A domain event as a decider emits it; `occurredAt` is the business date the handler puts on the envelope. */
export type EventOf<T extends CharityEventType> = T extends CharityEventType ? { type: T; data: CharityEventData[T]; occurredAt: string } : never;

export const evt = <T extends CharityEventType>(type: T, data: CharityEventData[T], occurredAt: string): EventOf<T> => ({ type, data, occurredAt }) as EventOf<T>;

type Family<P extends string> = Extract<CharityEventType, `charity.${P}.${string}`>;
export type OrganisationEvent = EventOf<Family<'organisation'>>;
export type DonorEvent = EventOf<Family<'donor'>>;
export type CampaignEvent = EventOf<Family<'campaign'>>;
export type ReceiptEvent = EventOf<Family<'receipt'>>;
export type FundEvent = EventOf<Family<'fund'>>;
