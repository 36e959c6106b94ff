import { Refusal, fold, type Decider } from './decider';

/**
 * given(…events).when(command).then(…events) / .thenRefuses(rule): tests of rules on the pure decider
 * (docs/style.md §2). One behaviour per test.
 */
export function specFor<C, E, S>(decider: Decider<C, E, S>) {
  return function given(...history: E[]) {
    return {
      when(command: C) {
        const run = () => decider.decide(command, fold(decider, history));
        return {
          then(...expected: E[]): void {
            expect(run()).toEqual(expected);
          },
          thenMatches(...expected: Partial<E>[]): void {
            expect(run()).toMatchObject(expected);
          },
          thenNothing(): void {
            expect(run()).toEqual([]);
          },
          /** `named`: the field and source the refusal must name as well (a rule from a law names its source). */
          thenRefuses(rule: string, named: { field?: string; source?: string } = {}): void {
            let error: unknown;
            try {
              run();
            } catch (e) {
              error = e;
            }
            expect(error).toBeInstanceOf(Refusal);
            expect((error as Refusal).rule).toBe(rule);
            if (named.field !== undefined) expect((error as Refusal).field).toBe(named.field);
            if (named.source !== undefined) expect((error as Refusal).source).toBe(named.source);
          },
        };
      },
      thenState(expected: Partial<S>): void {
        expect(fold(decider, history)).toMatchObject(expected as object);
      },
    };
  };
}

/**
 * The events `commands` produce, decided one after another on `history` (default: none), appended to it: a
 * test's history built through the decider rather than written by hand, so it is always one the rules allow.
 */
export function historyOf<C, E, S>(decider: Decider<C, E, S>, commands: C[], history: E[] = []): E[] {
  let state = fold(decider, history);
  const events = [...history];
  for (const command of commands) {
    const produced = decider.decide(command, state);
    state = fold(decider, produced, state);
    events.push(...produced);
  }
  return events;
}
