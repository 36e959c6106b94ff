import type { Envelope } from '@grid/contracts';
import type { EventStore } from '@grid/platform';
import { evolveHousehold, initialHousehold, type HouseholdEvent, type HouseholdState } from '../../domain';
import { householdStream } from '../streams';

/** A household's state folded from stored events, for facts read from another household's stream. */
export const foldHousehold = (events: Envelope[]): HouseholdState =>
  events.map((e) => ({ type: e.type, data: e.data, occurredAt: e.occurredAt }) as HouseholdEvent).reduce(evolveHousehold, initialHousehold);

/** A household as its own stream says now (status `none` while its registration is not yet written). */
export const readHousehold = async (store: EventStore, householdId: string): Promise<HouseholdState> =>
  foldHousehold(await store.readStream(householdStream(householdId)));
