import type { Actor, CommitteeKind, NearRelation, Post, RollBasis, RuleSet } from '@grid/contracts';
import type { IsoDate } from './dates';
import type { ElectionEventData } from './events';
import type { PersistentMap } from '@grid/platform/decider';

type Data<T extends keyof ElectionEventData> = ElectionEventData[T];
export type Station = Data<'elections.election.created'>['stations'][number];
export type Petition = Data<'elections.election.recall-requested'>['petition'];
export type VoteKind = Data<'elections.election.round-called'>['posts'][number]['kind'];

/**
 * What the application layer knows about a person it puts on the roll (from its own resident projection
 * of grid-records events), so the decider stays pure. `onOtherRoll` is the cross-election look-up: the roll
 * of another election of the same kind the person is on, if any (Art 13, one roll per person).
 */
export interface VoterFacts {
  voterId: string;
  /** Keyed hash of the entry (HMAC under the service's roll key): the leaf of the commitment. */
  entryHash: string;
  birthYear: number;
  /** Only for who turns the minimum age in the voting year (revealed for the rule, the reveal recorded): the year decides the rest. */
  birthDate?: IsoDate;
  group?: string;
  registeredHere: boolean;
  livingHere: boolean;
  /** Registered here but living away: the day they said they take part. */
  askedOn?: IsoDate;
  /** Not registered here: living here since, applied on, admitted by the villagers' assembly or representatives on. */
  livingSince?: IsoDate;
  appliedOn?: IsoDate;
  admittedOn?: IsoDate;
  deprivedOfPoliticalRights: boolean;
  onOtherRoll: { electionId: string; regionId: string } | null;
}

export interface TallyInput {
  stationId: string;
  on: IsoDate;
  returned: number;
  unreturned: number;
  valid: number;
  blank: number;
  invalid: number;
  votes: { post: Post; candidateId: string; votes: number }[];
}

interface Step {
  by: Actor;
}

export type ElectionCommand =
  | (Step & {
      type: 'create';
      electionId: string;
      kind: CommitteeKind;
      regionId: string;
      term: number;
      seats: { post: Post; seats: number }[];
      votingDay: IsoDate;
      stations: Station[];
      ruleSet: RuleSet;
      on: IsoDate;
    })
  | (Step & { type: 'appoint-committee-member'; memberId: string; role: 'chair' | 'member'; chosenBy: 'assembly' | 'representatives' | 'groups'; on: IsoDate })
  | (Step & { type: 'release-committee-member'; memberId: string; cause: 'resigned' | 'other'; on: IsoDate })
  | (Step & { type: 'record-audit'; on: IsoDate; auditor: string; reportRef: string })
  | (Step & { type: 'register-voters'; on: IsoDate; voters: VoterFacts[] })
  | (Step & { type: 'remove-voter'; voterId: string; on: IsoDate })
  /** From grid-records' resident died / moved-out events: removed before freezing, flagged after. */
  | (Step & { type: 'record-life-event'; voterId: string; event: 'died' | 'moved-out'; on: IsoDate })
  | (Step & { type: 'publish-roll'; on: IsoDate })
  | (Step & { type: 'raise-roll-objection'; objectionId: string; kind: 'omitted' | 'wrongly-listed'; subjectId: string; on: IsoDate; grounds: string })
  | (Step & { type: 'decide-roll-objection'; objectionId: string; on: IsoDate; upheld: boolean; reason: string; voter?: VoterFacts })
  | (Step & { type: 'file-roll-application'; applicationId: string; voterId: string; kind: RollApplication['kind']; on: IsoDate })
  | (Step & { type: 'decide-roll-application'; applicationId: string; on: IsoDate; admitted: boolean; reason: string })
  | (Step & { type: 'freeze-roll'; on: IsoDate })
  | (Step & { type: 'nominate'; candidateId: string; post: Post; nomination: 'joint' | 'self'; supporters: number; on: IsoDate })
  | (Step & { type: 'publish-candidates'; on: IsoDate; posts: { post: Post; candidateIds: string[] }[] })
  | (Step & { type: 'authorise-proxy'; principalId: string; proxyId: string; relation: NearRelation; authorisationRef: string; on: IsoDate })
  | (Step & { type: 'publish-proxies'; on: IsoDate })
  | (Step & { type: 'issue-ballot'; voterId: string; stationId: string; via: 'in-person' | 'proxy'; proxyId?: string; at: string })
  | (Step & { type: 'record-tally' } & TallyInput)
  | (Step & { type: 'declare-round'; on: IsoDate })
  | (Step & { type: 'request-recall'; recallId: string; memberId: string; petition: Petition; reasons: string; on: IsoDate })
  | (Step & { type: 'hear-recall-defence'; recallId: string; statementRef: string; on: IsoDate })
  | (Step & { type: 'record-recall-vote'; recallId: string; on: IsoDate; registered: number; ballotsCast: number; yes: number; no: number; invalid: number });

export interface RollEntry {
  entryHash: string;
  basis: RollBasis;
  flag: 'died' | 'moved-out' | null;
}

/** Art 13 (2) asked to take part / (3) applied; `admittedOn` once the assembly or representatives admitted (3). */
export interface RollApplication {
  voterId: string;
  kind: 'away-voter' | 'resident';
  filedOn: IsoDate;
  decided: boolean;
  admittedOn: IsoDate | null;
}

export interface Objection {
  kind: 'omitted' | 'wrongly-listed';
  subjectId: string;
  raisedOn: IsoDate;
  decided: boolean;
}

export interface RoundPost {
  post: Post;
  kind: VoteKind;
  seats: number;
  candidateIds: string[];
}

export interface Round {
  no: number;
  posts: RoundPost[];
  /** voterId → stationId: one ballot per voter per round, anywhere. */
  ballots: PersistentMap<string>;
  /** Ballots issued per station. */
  issuedAt: ReadonlyMap<string, number>;
  tallies: ReadonlyMap<string, Data<'elections.election.station-tallied'>>;
  declared: boolean;
}

/** One election. Evolve never changes a state: the roll and ballots are persistent maps, the small collections are copied. */
export interface Election {
  id: string;
  kind: CommitteeKind;
  regionId: string;
  term: number;
  seats: { post: Post; seats: number }[];
  votingDay: IsoDate;
  stations: ReadonlyMap<string, Station>;
  rules: RuleSet;
  committee: ReadonlySet<string>;
  auditedOn: IsoDate | null;
  roll: PersistentMap<RollEntry>;
  published: { on: IsoDate; objectionsUntil: IsoDate } | null;
  objections: ReadonlyMap<string, Objection>;
  applications: ReadonlyMap<string, RollApplication>;
  frozen: { on: IsoDate; size: number; root: string } | null;
  nominations: ReadonlyMap<string, Post>;
  candidatesPublished: boolean;
  /** principalId → proxyId. */
  proxies: ReadonlyMap<string, string>;
  proxiesPublished: boolean;
  rounds: Round[];
  elected: { post: Post; candidateId: string; round: number }[];
  outcome: 'elected' | 'failed' | null;
  recalls: ReadonlyMap<string, { memberId: string; voted: boolean }>;
}

/** null until the election is created. */
export type ElectionState = Election | null;
