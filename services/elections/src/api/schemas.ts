import { CommitteeKindSchema, NearRelationSchema, PostSchema, StationKindSchema } from '@grid/contracts';
import { textSchema } from '@grid/platform/http';
import { z } from 'zod';

const Id = z.string().min(1).max(100);
const Day = z.iso.date();
const Count = z.int().min(0);

export const ElectionParams = z.object({ electionId: Id });
export const ObjectionParams = z.object({ electionId: Id, objectionId: Id });
export const ApplicationParams = z.object({ electionId: Id, applicationId: Id });
export const StationParams = z.object({ electionId: Id, stationId: Id });
export const MemberParams = z.object({ electionId: Id, memberId: Id });
export const RecallParams = z.object({ electionId: Id, recallId: Id });
export const RegionParams = z.object({ regionId: Id });
export const OnQuery = z.object({ on: Day.describe('登记日 · the day the roll would be published') });
export const ProofQuery = z.object({ entry: z.string().regex(/^[0-9a-f]{64}$/).describe('条目哈希 · the keyed entry hash') });

export const CreateElectionBody = z
  .object({
    kind: CommitteeKindSchema,
    regionId: Id.describe('社区或村 · the community or village (a region id)'),
    term: z.int().min(1).describe('届 · term number'),
    seats: z.array(z.object({ post: PostSchema, seats: z.int().min(1).max(20) })).min(1).max(3),
    votingDay: Day.describe('选举日 · voting day'),
    stations: z.array(z.object({ stationId: Id, name: textSchema({ max: 200 }), kind: StationKindSchema, countedWith: Id.optional() })).min(1).max(50),
    ruleSet: z.enum(['national', 'hunan']).default('national').describe('规则 · national base or a province'),
    on: Day,
  })
  .describe('发布选举公告 · call an election');

export const ReleaseBody = z.object({ cause: z.enum(['resigned', 'other']), on: Day }).describe('选举委员会成员退出 · a member leaves the election committee');
export const AuditBody = z.object({ on: Day, auditor: textSchema({ max: 200 }), reportRef: textSchema({ max: 200 }) }).describe('清理审计 · the pre-election audit');
export const OnBody = z.object({ on: Day });
export const CommitteeMemberBody = z
  .object({ memberId: Id, role: z.enum(['chair', 'member']), chosenBy: z.enum(['assembly', 'representatives', 'groups']), on: Day })
  .describe('推选选举委员会成员 · a member of the election committee');
export const ObjectionBody = z
  .object({ kind: z.enum(['omitted', 'wrongly-listed']), subjectId: Id, on: Day, grounds: textSchema({ max: 2000, multiline: true }) })
  .describe('选民名单异议 · an objection to the roll');
export const DecisionBody = z.object({ on: Day, upheld: z.boolean(), reason: textSchema({ max: 2000, multiline: true }) }).describe('异议处理 · the decision');
export const ApplicationBody = z
  .object({
    voterId: Id,
    kind: z.enum(['away-voter', 'resident']).describe('户籍在本村不在本村居住, 本人表示参加 (第十三条(二)) 或 户籍不在本村, 居住一年以上, 本人申请 (第十三条(三))'),
    on: Day,
  })
  .describe('参加选举的表示或申请 · a request or application to take part');
export const AdmissionBody = z
  .object({ on: Day, admitted: z.boolean(), reason: textSchema({ max: 2000, multiline: true }) })
  .describe('村民会议或村民代表会议是否同意 · whether the assembly or representatives admitted the applicant');
export const NominationBody = z.object({ candidateId: Id, post: PostSchema, nomination: z.enum(['joint', 'self']), supporters: Count, on: Day }).describe('提名 · a nomination');
export const CandidatesBody = z.object({ on: Day, posts: z.array(z.object({ post: PostSchema, candidateIds: z.array(Id).min(1).max(50) })).min(1).max(3) });
export const ProxyBody = z
  .object({ principalId: Id, proxyId: Id, relation: NearRelationSchema, authorisationRef: textSchema({ max: 200 }), on: Day })
  .describe('委托投票 · a written authorisation');
export const BallotBody = z.object({ voterId: Id, via: z.enum(['in-person', 'proxy']), proxyId: Id.optional(), at: z.iso.datetime({ offset: true }) }).describe('发放选票 · a ballot issued');
export const TallyBody = z
  .object({
    on: Day,
    returned: Count,
    unreturned: Count,
    valid: Count,
    blank: Count,
    invalid: Count,
    votes: z.array(z.object({ post: PostSchema, candidateId: Id, votes: Count })).max(200),
  })
  .describe('唱票计票 · a station’s public count');

export const RecallBody = z
  .object({
    memberId: Id.describe('被罢免的当选成员 · the elected member'),
    petition: z.object({ by: z.enum(['voters', 'representatives']), signatures: Count, of: z.int().min(1) }).describe('联名 · who signed, of how many'),
    reasons: textSchema({ max: 2000, multiline: true }),
    on: Day,
  })
  .describe('罢免要求 · a recall request (Art 16)');
export const DefenceBody = z.object({ statementRef: textSchema({ max: 200 }), on: Day }).describe('申辩意见 · the member’s defence');
export const RecallVoteBody = z
  .object({ on: Day, registered: Count, ballotsCast: Count, yes: Count, no: Count, invalid: Count })
  .describe('罢免表决 · the recall vote’s public count');

export const WriteResultSchema = z.object({ id: z.string(), revision: z.int() });
