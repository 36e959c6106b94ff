import { selectEvents, type EventUnion, type TypedEnvelope } from '../../typed-events';
import { campaignEvents } from './campaign';
import { donorEvents } from './donor';
import { fundEvents } from './fund';
import { organisationEvents } from './organisation';
import { receiptEvents } from './receipt';

export * from './organisation';
export * from './donor';
export * from './campaign';
export * from './receipt';
export * from './fund';
export {
  FenAmount,
  Quantity,
  Purpose,
  RestrictionSchema,
  EntrySchema,
  EntriesSchema,
  RecipientSchema,
  DonorRefSchema,
  type Restriction,
  type Entry,
  type Recipient,
  type DonorRef,
} from './common';

/** Every charity event type (service `charity`; streams `organisation-*`, `donor-*`, `campaign-*`, `receipts-*`, `fund-*`; topics `charity.<category>.v1`). */
export const charityEvents = [...organisationEvents, ...donorEvents, ...campaignEvents, ...receiptEvents, ...fundEvents];

/** Every charity event as readers see it (newest versions), discriminated on `type`. */
export type CharityEvent = EventUnion<typeof charityEvents>;
export type CharityEventType = CharityEvent['type'];
export type CharityEnvelope = TypedEnvelope<CharityEvent>;
/** Narrows a read envelope to charity's events (by its type name: see EventSelection). */
export const isCharityEvent = selectEvents(charityEvents).is;
