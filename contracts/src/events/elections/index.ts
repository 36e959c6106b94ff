import { candidateEvents } from './candidates';
import { electionEvents } from './election';
import { proxyEvents } from './proxies';
import { recallEvents } from './recall';
import { resultEvents } from './result';
import { rollEvents } from './roll';
import { votingEvents } from './voting';

export * from './election';
export * from './roll';
export * from './candidates';
export * from './proxies';
export * from './voting';
export * from './result';
export * from './recall';
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
