import type { Actor } from '@grid/contracts';
import { coverageEnd, currentEnd } from '../assistance/status';
import { FINAL_STAGES, type AssistanceCommand, type AssistanceState } from '../assistance/types';
import type { IsoDate } from '../shared/dates';

/** What the rules need of a case: its folded state, as the case read model keeps it. */
export type CaseView = Pick<
  AssistanceState,
  'caseId' | 'program' | 'householdId' | 'personId' | 'birthYear' | 'stage' | 'grant' | 'endedOn' | 'coverage' | 'flagged' | 'paymentReviews'
>;

/** A command a rule issues on another stream (process manager): the application layer handles it like any other. */
export interface Issued {
  streamId: string;
  command: AssistanceCommand;
}

/** Commands issued by rules are taken by the system, not by a person. */
export const RULES_ACTOR: Actor = { id: 'grid-records.rules', role: 'system' };

export const caseStream = (caseId: string): string => `assistance-${caseId}`;

/** Never granted and already closed (rejected, withdrawn): nothing left to end. */
const deadLetter = (c: CaseView): boolean => c.grant === null && FINAL_STAGES.includes(c.stage);

/** Would ending the case on `on` change anything? (the decider would answer [] otherwise) */
export const endsEarlier = (c: CaseView, on: IsoDate): boolean => {
  if (deadLetter(c)) return false;
  const end = currentEnd(c);
  return end === null || on < end;
};

export const coverageEndsEarlier = (c: CaseView, personId: string, on: IsoDate): boolean => {
  if (deadLetter(c) || !c.coverage.some((m) => m.personId === personId)) return false;
  const end = coverageEnd(c, personId);
  return end === null || on < end;
};

export const isOpen = (c: CaseView): boolean => c.stage !== 'none' && !FINAL_STAGES.includes(c.stage);
