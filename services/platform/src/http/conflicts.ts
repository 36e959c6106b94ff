import { Refusal } from '../decider/decider';
import { HttpProblem } from './problem';

/**
 * A service's refusals that say "this conflicts with what exists" (`already-enrolled`, `fund-exists` …): a write
 * awaited through the returned function answers them as 409 naming the rule and field; any other refusal stays a
 * broken rule (422, problem.filter).
 */
export function conflictsOn(rules: Iterable<string>): <T>(write: Promise<T>) => Promise<T> {
  const conflicts = new Set(rules);
  return async (write) => {
    try {
      return await write;
    } catch (error) {
      if (error instanceof Refusal && conflicts.has(error.rule)) {
        throw new HttpProblem(409, 'conflict', 'Conflict', error.detail, [{ field: error.field ?? '', rule: error.rule, message: error.detail, ...(error.source ? { source: error.source } : {}) }]);
      }
      throw error;
    }
  };
}
