export { electionDecider, decideElection } from './decide';
export { evolveElection, initialElection } from './evolve';
export type { ElectionEvent, ElectionEventType, ElectionEventData, EventOf } from './events';
export type { ElectionCommand, ElectionState, Election, VoterFacts, TallyInput, RoundPost } from './types';
export { rollBasis } from './roll/eligibility';
export { countRound, countPost, type RoundCount, type PostResult } from './result/count-round';
export { reconciliationError } from './voting/reconcile';
export { VILLAGERS_2018, RESIDENTS_2018, SUPERVISION_2018, NATIONAL_BASE, provincial, hunan } from './rules/rule-sets';
export { ART } from './rules/articles';
