import type { Actor, EventDefinition, GridRecordsEvent, GridRecordsEventType } from '@grid/contracts';
import type { z } from 'zod';

/** The data type of a published event definition (contracts are the single source of the shapes). */
export type DataOf<D extends EventDefinition> = z.infer<D['data']>;

/** Every grid-records event type and its data (newest version), derived from the contracts' registry. */
export type EventDataMap = { [E in GridRecordsEvent as E['type']]: E['data'] };
export type { GridRecordsEventType };

/**
 * A domain event as deciders emit it: the contract's type and data, and `occurredAt`, the business date
 * it took effect, which the command handler puts on the envelope (the second clock, recordedAt, is the store's).
 */
export interface Evt<T extends string, D> {
  type: T;
  data: D;
  occurredAt: string;
}

/** The domain event(s) of one or more types (distributes over a union of types). */
export type EventOf<T extends GridRecordsEventType> = T extends GridRecordsEventType ? Evt<T, EventDataMap[T]> : never;

export const evt = <T extends GridRecordsEventType>(type: T, data: EventDataMap[T], occurredAt: string): EventOf<T> =>
  ({ type, data, occurredAt }) as EventOf<T>;

export type { Actor };
