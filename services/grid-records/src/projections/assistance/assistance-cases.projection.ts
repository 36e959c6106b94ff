import { assistanceEvents } from '@grid/contracts';
import type { Projection } from '@grid/platform';
import { aggregateIdOf } from '../../application/streams';
import { evolveCaseView, type CaseView } from './case-view';

export const ASSISTANCE_CASES = 'assistance_cases';

/** Every event type of `assistance-<caseId>`: each moves the case's revision. */
export const ASSISTANCE_STREAM_TYPES = assistanceEvents.map((d) => d.type);

/**
 * The `assistance_cases` read model: one document per case, a pure fold of its own stream (so any interleaving
 * of streams gives the same documents). Eligibility facts, the rules, statistics and the payment roster read it.
 */
export const assistanceCasesProjection: Projection = {
  name: 'grid-records.assistance-cases',
  collections: [ASSISTANCE_CASES],
  handles: ASSISTANCE_STREAM_TYPES,
  indexes: [
    { collection: ASSISTANCE_CASES, spec: { fields: ['householdId'] } },
    // Person programs name their person: "this person's statuses" (deaths, 特困 and the two subsidies).
    { collection: ASSISTANCE_CASES, spec: { fields: ['personId'] } },
  ],
  async apply(e, ctx) {
    await ctx.update<CaseView>(ASSISTANCE_CASES, aggregateIdOf(e.streamId), (current) => evolveCaseView(current, e));
  },
};
