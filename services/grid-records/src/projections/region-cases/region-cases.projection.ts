import type { GridRecordsEvent } from '@grid/contracts';
import type { Projection, ProjectionContext, ReadModel } from '@grid/platform';
import { evolveAssistance, initialAssistance, type AssistanceEvent, type AssistanceState } from '../../domain';
import { aggregateIdOf } from '../../application/streams';
import { withoutClearBirthDate } from '../assistance/stored-state';
import { ASSISTANCE_STREAM_TYPES } from '../assistance/assistance-cases.projection';

export const REGION_CASES = 'region_cases';
export const REGION_CASE_HOUSEHOLDS = 'region_case_households';

/**
 * A case as statistics and payment rosters read it: the domain's folded state (no step history, which is most of
 * an `assistance_cases` document) and the grid its household is registered in now (a transfer takes the case along).
 */
export type RegionCase = AssistanceState & { gridId: string | null };

/** Where a household is registered, and its cases: a transfer moves them all. */
type Placement = { householdId: string; gridId: string | null; caseIds: string[] };

const stateOf = ({ _id: _i, gridId: _g, ...state }: ReadModel<RegionCase>): AssistanceState => withoutClearBirthDate(state);

async function placed(ctx: ProjectionContext, householdId: string, gridId: string): Promise<void> {
  const current = await ctx.get<Placement>(REGION_CASE_HOUSEHOLDS, householdId);
  await ctx.update<Placement>(REGION_CASE_HOUSEHOLDS, householdId, (p) => ({ householdId, gridId, caseIds: p?.caseIds ?? [] }));
  for (const caseId of current?.caseIds ?? []) await ctx.update<RegionCase>(REGION_CASES, caseId, (c) => c && { ...stateOf(c), gridId });
}

/**
 * The `region_cases` read model: one small document per case, indexed by grid, so a region's statistics and
 * roster read only the cases of its grids instead of every household document and every case's history. The
 * household's grid comes from its own stream, so this projection runs in the store's global order (a household
 * is registered before a case is applied from it).
 */
export const regionCasesProjection: Projection<GridRecordsEvent> = {
  name: 'grid-records.region-cases',
  collections: [REGION_CASES, REGION_CASE_HOUSEHOLDS],
  handles: ['grid-records.household.registered', 'grid-records.household.transferred', ...ASSISTANCE_STREAM_TYPES],
  indexes: [{ collection: REGION_CASES, spec: { fields: ['gridId'] } }],
  async apply(e, ctx) {
    switch (e.type) {
      case 'grid-records.household.registered':
        return placed(ctx, e.data.householdId, e.data.gridId);
      case 'grid-records.household.transferred':
        return placed(ctx, e.data.householdId, e.data.toGridId);
    }
    const caseId = aggregateIdOf(e.streamId);
    const event = { type: e.type, data: e.data, occurredAt: e.occurredAt } as AssistanceEvent;
    if (event.type === 'grid-records.assistance.applied') {
      const { householdId } = event.data;
      const placement = await ctx.get<Placement>(REGION_CASE_HOUSEHOLDS, householdId);
      await ctx.update<Placement>(REGION_CASE_HOUSEHOLDS, householdId, (p) => ({
        householdId,
        gridId: p?.gridId ?? null,
        caseIds: [...(p?.caseIds ?? []).filter((id) => id !== caseId), caseId],
      }));
      return ctx.update<RegionCase>(REGION_CASES, caseId, () => ({
        ...evolveAssistance(initialAssistance, event),
        gridId: placement?.gridId ?? null,
      }));
    }
    // A stream that does not start with applied is not a case (as in assistance_cases).
    await ctx.update<RegionCase>(REGION_CASES, caseId, (c) => c && { ...evolveAssistance(stateOf(c), event), gridId: c.gridId });
  },
};
