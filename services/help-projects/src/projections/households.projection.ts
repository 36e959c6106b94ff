import type { GridRecordsEvent } from '@grid/contracts';
import type { Projection, ReadModel } from '@grid/platform';
import { evolveFacts, householdOf, type GridRecordsFact } from '../domain/facts/evolve-facts';
import { noFacts, type HouseholdFacts } from '../domain/facts/household-facts';

export const HOUSEHOLDS = 'help_projects_households';

/** The grid-records events a household's facts are learned from (statuses, deaths, moves, visits …). */
const HANDLES = [
  'grid-records.household.registered',
  'grid-records.household.member-added',
  'grid-records.household.member-removed',
  'grid-records.household.transferred',
  'grid-records.household.moved-out',
  'grid-records.resident.died',
  'grid-records.resident.death-revoked',
  'grid-records.resident.disability-certified',
  'grid-records.visit.recorded',
  'grid-records.assistance.approved',
  'grid-records.assistance.class-changed',
  'grid-records.assistance.exited',
  'grid-records.assistance.cancelled',
  'grid-records.assistance.ended',
  'grid-records.assistance.coverage-ended',
] as const satisfies readonly GridRecordsEvent['type'][];

/** The stored document: the facts, and whether any status was ever granted (the rates and most rules read only those). */
export type HouseholdDoc = HouseholdFacts & { hasStatus: boolean };
export const householdDoc = (facts: HouseholdFacts): HouseholdDoc => ({ ...facts, hasStatus: Object.keys(facts.statuses).length > 0 });

const factsOf = ({ _id: _i, hasStatus: _h, ...facts }: ReadModel<HouseholdDoc>): HouseholdFacts => facts;

/**
 * help-projects' own household facts, from grid-records' events alone (the service never asks grid-records).
 * The fold is order-independent and idempotent by event id (domain/facts), so per-stream order is enough.
 */
export const householdsProjection: Projection<GridRecordsEvent> = {
  name: 'help-projects.households',
  collections: [HOUSEHOLDS],
  handles: HANDLES,
  indexes: [{ collection: HOUSEHOLDS, spec: { fields: ['hasStatus'] } }],
  async apply(e, ctx) {
    const fact = { type: e.type, data: e.data, eventId: e.eventId, recordedAt: e.recordedAt } as GridRecordsFact;
    const householdId = householdOf(fact);
    if (householdId === null) return;
    await ctx.update<HouseholdDoc>(HOUSEHOLDS, householdId, (current) => householdDoc(evolveFacts(current ? factsOf(current) : noFacts(householdId), fact)));
  },
};
