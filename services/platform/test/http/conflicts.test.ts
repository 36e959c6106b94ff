import { refused } from '../../src/decider/decider';
import { HttpProblem, conflictsOn } from '../../src/http';

const answer = conflictsOn(['already-enrolled']);

test('a refusal the service names as a conflict is a 409 naming the rule and field', async () => {
  const write = Promise.reject(refused('already-enrolled', 'enrolled in this project already', { field: 'personId' }));
  await expect(answer(write)).rejects.toMatchObject({ status: 409, errors: [{ field: 'personId', rule: 'already-enrolled' }] });
});

test('another refusal and the result of a write pass through unchanged', async () => {
  const rule = refused('not-eligible', 'the eligibility rule is not met', { field: 'rule.min-age' });
  await expect(answer(Promise.reject(rule))).rejects.toBe(rule);
  await expect(answer(Promise.resolve(42))).resolves.toBe(42);
  expect(rule).not.toBeInstanceOf(HttpProblem);
});
