import { Refusal } from '@grid/platform/decider';
import { HttpProblem } from '@grid/platform/http';

/** Refusals that say "this exists already": a conflict with the current state (409), not a broken rule (422). */
const CONFLICTS = new Set([
  'organisation-exists',
  'donor-exists',
  'campaign-exists',
  'fund-exists',
  'donation-exists',
  'pledge-exists',
  'donation-has-receipt',
  'receipt-voided',
  'allocation-exists',
  'use-exists',
  'cost-exists',
  'issue-exists',
  'disclosure-exists',
  'already-reversed',
]);

/** Awaits a write, answering its "already exists" refusals as 409 with the rule and field. */
export async function conflictsAs409<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof Refusal && CONFLICTS.has(error.rule)) {
      throw new HttpProblem(409, 'conflict', 'Conflict', error.detail, [{ field: error.field ?? '', rule: error.rule, message: error.detail, ...(error.source ? { source: error.source } : {}) }]);
    }
    throw error;
  }
}
