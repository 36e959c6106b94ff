import type { Actor, Envelope } from '@grid/contracts';
import { withoutClearBirthDate } from './stored-state';
import { evolveAssistance, initialAssistance, type AssistanceEvent, type AssistanceState } from '../../domain';

const PREFIX = 'grid-records.assistance.';

/** One recorded step of a case as its history shows it: what was decided, by whom, when it took effect, when it was known. */
export type CaseStepView = {
  /** The event type without `grid-records.assistance.`: `applied`, `home-checked`, `approved`, `ended` … */
  step: string;
  revision: number;
  eventId: string;
  occurredAt: string;
  recordedAt: string;
  /** Who entered it (the envelope's actor); `data.by` is who decided. */
  actor: Actor;
  reason: string | null;
  /** The event that caused it: a death or a move for the steps the rules take. */
  causationId: string | null;
  /** The event's data as stored (sealed fields stay sealed). */
  data: Record<string, unknown>;
};

/**
 * The assistance case (`assistance-<caseId>`) read model: the domain's folded state, which payments and the
 * rules read as is (StatusRecord, CaseView of rules/), plus the history of its steps.
 */
export type CaseView = AssistanceState & {
  steps: CaseStepView[];
  /** Revision of `assistance-<caseId>`: the case's ETag. */
  revision: number;
  updatedAt: string;
};

/**
 * The view after one event of its stream. Pure: the projection and GET (which folds the stream for an exact
 * ETag) share it, so they cannot disagree; the state is the domain's own evolve, so what payments and rules
 * read here is what the decider decided on.
 */
export function evolveCaseView(view: CaseView | null, e: Envelope): CaseView | null {
  if (!e.type.startsWith(PREFIX)) return view;
  if (view === null && e.type !== `${PREFIX}applied`) return null; // a stream that does not start with applied is not a case
  const { steps = [], revision: _r, updatedAt: _u, ...state } = view ?? ({ ...initialAssistance } as CaseView);
  const event = { type: e.type, data: e.data, occurredAt: e.occurredAt } as AssistanceEvent;
  const next: AssistanceState = evolveAssistance(stateOnly(state), event);
  const step: CaseStepView = {
    step: e.type.slice(PREFIX.length),
    revision: e.streamRevision,
    eventId: e.eventId,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    actor: e.actor,
    reason: e.reason ?? null,
    causationId: e.causationId,
    data: e.data,
  };
  return { ...next, steps: [...steps, step], revision: e.streamRevision, updatedAt: e.recordedAt };
}

/** Drops what a stored document adds (`_id` …), so the state folds the same from a document or from nothing. */
function stateOnly(s: AssistanceState & Record<string, unknown>): AssistanceState {
  const { _id: _i, _seen: _s, _version: _v, ...rest } = s;
  return withoutClearBirthDate(rest as unknown as AssistanceState);
}

/** A case's whole stream folded (null for a missing case). */
export const foldCaseView = (events: Envelope[]): CaseView | null => events.reduce<CaseView | null>(evolveCaseView, null);

/**
 * The stream folded only as far as the events recorded by `knownAt`: the case as the records stood then
 * (docs/architecture.md, Time: "what did we know on date R about date T"). Stream order is recording order.
 */
export function foldCaseViewAsKnownAt(events: Envelope[], knownAt: string): CaseView | null {
  const limit = Date.parse(knownAt);
  const known = events.filter((e) => Date.parse(e.recordedAt) <= limit);
  return foldCaseView(known);
}
