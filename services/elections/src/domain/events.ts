import type * as C from '@grid/contracts';
import type { EventDefinition } from '@grid/contracts';
import type { z } from 'zod';

type DataOf<D extends EventDefinition> = z.infer<D['data']>;

/** Every elections event type and its data, as the contracts define them. */
export interface ElectionEventData {
  'elections.election.created': DataOf<typeof C.electionCreated>;
  'elections.election.committee-member-appointed': DataOf<typeof C.committeeMemberAppointed>;
  'elections.election.committee-member-left': DataOf<typeof C.committeeMemberLeft>;
  'elections.election.audit-recorded': DataOf<typeof C.auditRecorded>;
  'elections.election.voter-registered': DataOf<typeof C.voterRegistered>;
  'elections.election.voter-removed': DataOf<typeof C.voterRemoved>;
  'elections.election.roll-published': DataOf<typeof C.rollPublished>;
  'elections.election.roll-objection-raised': DataOf<typeof C.rollObjectionRaised>;
  'elections.election.roll-objection-decided': DataOf<typeof C.rollObjectionDecided>;
  'elections.election.roll-frozen': DataOf<typeof C.rollFrozen>;
  'elections.election.voter-flagged': DataOf<typeof C.voterFlagged>;
  'elections.election.candidate-nominated': DataOf<typeof C.candidateNominated>;
  'elections.election.candidates-published': DataOf<typeof C.candidatesPublished>;
  'elections.election.proxy-authorised': DataOf<typeof C.proxyAuthorised>;
  'elections.election.proxies-published': DataOf<typeof C.proxiesPublished>;
  'elections.election.ballot-issued': DataOf<typeof C.ballotIssued>;
  'elections.election.station-tallied': DataOf<typeof C.stationTallied>;
  'elections.election.round-declared': DataOf<typeof C.roundDeclared>;
  'elections.election.round-called': DataOf<typeof C.roundCalled>;
  'elections.election.concluded': DataOf<typeof C.electionConcluded>;
  'elections.election.recall-requested': DataOf<typeof C.recallRequested>;
  'elections.election.recall-defence-heard': DataOf<typeof C.recallDefenceHeard>;
  'elections.election.recall-voted': DataOf<typeof C.recallVoted>;
}
export type ElectionEventType = keyof ElectionEventData;

/** A domain event as the decider emits it; `occurredAt` is the business date the handler puts on the envelope. */
export type ElectionEvent = { [T in ElectionEventType]: { type: T; data: ElectionEventData[T]; occurredAt: string } }[ElectionEventType];
export type EventOf<T extends ElectionEventType> = Extract<ElectionEvent, { type: T }>;

export const evt = <T extends ElectionEventType>(type: T, data: ElectionEventData[T], occurredAt: string): EventOf<T> =>
  ({ type, data, occurredAt }) as EventOf<T>;
