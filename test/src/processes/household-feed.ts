// The read model of the household-feed consumer (household-feed-consumer.ts): one document per stream it
// consumes (`household-<id>`, and `assistance-<caseId>` when that topic is consumed too), written only through
// the platform projection API, so a redelivered event is passed over by `_seen`.
import { eventRegistry, type Envelope } from '@grid/contracts';
import type { Projection } from '@grid/platform';

export const HOUSEHOLD_FEED = 'household_feed';

export interface FeedEntry {
  eventId: string;
  type: string;
  revision: number;
}

export interface HouseholdFeed {
  streamId: string;
  /** The household: the stream's own id for `household-*`, `data.householdId` of an assistance case's first event. */
  householdId: string | null;
  /** Events applied to this document: with `_seen` it equals the stream's last revision + 1. */
  count: number;
  lastRevision: number;
  events: FeedEntry[];
}

/** `name` names the bus group (`projection:<name>`): one per test run, so a reused broker brings no old positions. */
export function householdFeedProjection(name: string): Projection {
  return {
    name,
    collections: [HOUSEHOLD_FEED],
    // Every published type: the household topic carries household, visit and disclosure events alike.
    handles: eventRegistry.types(),
    async apply(event: Envelope, ctx) {
      const own = event.streamId.startsWith('household-') ? event.streamId.slice('household-'.length) : null;
      const named = typeof event.data.householdId === 'string' ? event.data.householdId : null;
      await ctx.update<HouseholdFeed>(HOUSEHOLD_FEED, event.streamId, (current) => ({
        streamId: event.streamId,
        householdId: own ?? current?.householdId ?? named,
        count: (current?.count ?? 0) + 1,
        lastRevision: event.streamRevision,
        events: [...(current?.events ?? []), { eventId: event.eventId, type: event.type, revision: event.streamRevision }],
      }));
    },
  };
}
