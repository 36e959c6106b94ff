import { candidateEvents } from './candidates';
import { electionEvents } from './election';
import { proxyEvents } from './proxies';
import { recallEvents } from './recall';
import { resultEvents } from './result';
import { rollEvents } from './roll';
import { votingEvents } from './voting';
import { selectEvents, type EventUnion, type TypedEnvelope } from '../../typed-events';

export * from './election';
export * from './roll';
export * from './candidates';
export * from './proxies';
export * from './voting';
export * from './result';
export * from './recall';
export * from './ballot-secrecy';
export {
  COMMITTEE_KINDS,
  CommitteeKindSchema,
  POSTS,
  PostSchema,
  StationKindSchema,
  RollBasisSchema,
  NEAR_RELATIONS,
  NearRelationSchema,
  RuleRefSchema,
  ShareSchema,
  RuleSetSchema,
  type CommitteeKind,
  type Post,
  type RollBasis,
  type NearRelation,
  type RuleRef,
  type Share,
  type RuleSet,
} from './common';

/** Every elections event type (service `elections`, streams `election-*`, topic `elections.election.v1`). */
export const electionsEvents = [...electionEvents, ...rollEvents, ...candidateEvents, ...proxyEvents, ...votingEvents, ...resultEvents, ...recallEvents];

/** Every elections event as readers see it (newest versions), discriminated on `type`. */
export type ElectionsEvent = EventUnion<typeof electionsEvents>;
export type ElectionsEnvelope = TypedEnvelope<ElectionsEvent>;
/** Narrows a read envelope to elections' events (by its type name: see EventSelection). */
export const isElectionsEvent = selectEvents(electionsEvents).is;
