import { householdEvents, visitEvents, type GridRecordsEvent } from '@grid/contracts';
import type { Projection } from '@grid/platform';
import { aggregateIdOf } from '../../application/streams';
import { evolveHouseholdStatuses, evolveHouseholdView, statusSummaryEvents, type HouseholdView } from './household-view';

export const HOUSEHOLDS = 'households';

/**
 * Every event type written to `household-<id>`, visits and disclosures included: each one moves the stream's
 * revision, and the view's `revision` must follow it. A new event type on the household stream goes here.
 */
export const HOUSEHOLD_STREAM_TYPES = [...householdEvents, ...visitEvents].map((d) => d.type);

/** The `households` read model: one document per household, for lists by region and status. */
export const householdsProjection: Projection<GridRecordsEvent> = {
  name: 'grid-records.households',
  collections: [HOUSEHOLDS],
  handles: [...HOUSEHOLD_STREAM_TYPES, ...statusSummaryEvents.types],
  indexes: [
    { collection: HOUSEHOLDS, spec: { fields: ['gridId'] } },
    { collection: HOUSEHOLDS, spec: { fields: ['status'] } },
  ],
  async apply(e, ctx) {
    // The statuses summary comes from assistance streams (`_seen` keeps each stream's events once); the case is
    // opened only for a household the API already answered for, so the household's document is there first.
    if (statusSummaryEvents.is(e)) {
      return ctx.update<HouseholdView>(HOUSEHOLDS, e.data.householdId, (current) => evolveHouseholdStatuses(current, e));
    }
    await ctx.update<HouseholdView>(HOUSEHOLDS, aggregateIdOf(e.streamId), (current) => evolveHouseholdView(current, e));
  },
};
