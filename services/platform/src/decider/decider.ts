/** A pure decider (docs/style.md §1): no I/O, no clock, no framework. */
export interface Decider<Command, Event, State> {
  initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

/** A refused command names its rule, so API, audit trail and tests speak of the same rule. */
export class Refusal extends Error {
  readonly code = 'refused';
  constructor(
    readonly rule: string,
    readonly detail: string,
    /** Where the rule comes from (a law, a bureau standard), when it does. */
    readonly source?: string,
    /** The input field the rule is about, when there is one. */
    readonly field?: string,
  ) {
    super(`${rule}: ${detail}`);
  }
}

export function refused(rule: string, detail: string, extra: { source?: string; field?: string } = {}): Refusal {
  return new Refusal(rule, detail, extra.source, extra.field);
}

export function fold<Event, State>(decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>, events: Iterable<Event>, from: State = decider.initialState): State {
  let state = from;
  for (const e of events) state = decider.evolve(state, e);
  return state;
}
