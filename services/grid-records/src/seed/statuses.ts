import type { Actor } from '@grid/contracts';
import type { CommandContext } from '@grid/platform';
import type { GridRecordsServices } from '../composition';
import type { HouseholdPlan, StepActor } from './plan-types';

export interface StatusActors {
  worker: Actor;
  street: Actor;
  /** The township's decision is taken by another of its officials than the reviewer (four eyes). */
  streetDecider: Actor;
  district: Actor;
}

const DECISIONS = new Set(['approve', 'reject']);

/**
 * A household's assistance cases and visits through the application commands, in plan order: each case opened by
 * the grid worker, then its steps by whoever the step needs (the worker's home check, the township's review and
 * notice, the approver the program requires). Returns how many cases and visits were written.
 */
export async function runStatuses(
  services: Pick<GridRecordsServices, 'assistance' | 'visits'>,
  h: HouseholdPlan,
  householdId: string,
  personIds: string[],
  actors: StatusActors,
  ctx: (key: string, actor: Actor) => CommandContext,
): Promise<{ cases: number; steps: number; visits: number }> {
  let steps = 0;
  for (const c of h.cases) {
    const personId = c.member === undefined ? undefined : personIds[c.member];
    const open = { ...c.open, ...(personId ? { personId } : {}) };
    const { id: caseId } = await services.assistance.open(householdId, open, ctx(`${c.key}:open`, actors.worker));
    for (const [i, s] of c.steps.entries()) {
      const actor = s.actor === 'street' && DECISIONS.has(s.step.step) ? actors.streetDecider : actors[s.actor as StepActor];
      await services.assistance.step(caseId, s.step, ctx(`${c.key}:step${i}`, actor));
      steps += 1;
    }
  }
  for (const [i, v] of h.visits.entries()) {
    const { members, note, ...rest } = v;
    await services.visits.record(
      householdId,
      { ...rest, personIds: members.map((m) => personIds[m]!), ...(note ? { note } : {}) },
      ctx(`${h.key}:visit${i}`, actors.worker),
    );
  }
  return { cases: h.cases.length, steps, visits: h.visits.length };
}
