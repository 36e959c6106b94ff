import { z } from 'zod';

export { By, Id, IsoDate } from '../grid-records/common';

/** Which committee is elected: 村民委员会, 居民委员会, 村务监督委员会, 居务监督委员会. */
export const COMMITTEE_KINDS = ['villagers-committee', 'residents-committee', 'village-affairs-supervision', 'residents-affairs-supervision'] as const;
export const CommitteeKindSchema = z.enum(COMMITTEE_KINDS);
export type CommitteeKind = z.infer<typeof CommitteeKindSchema>;

/** 主任, 副主任, 委员. */
export const POSTS = ['director', 'deputy-director', 'member'] as const;
export const PostSchema = z.enum(POSTS);
export type Post = z.infer<typeof PostSchema>;

/** 选举大会会场, 投票站, 流动票箱. */
export const StationKindSchema = z.enum(['assembly', 'polling-station', 'mobile-box']);

/** Why a person is on the roll (Art 13 (1)–(3)): registered and living here; registered, away, asked; living ≥ 1 year, applied, admitted. */
export const RollBasisSchema = z.enum(['registered-living', 'registered-away', 'resident-admitted']);
export type RollBasis = z.infer<typeof RollBasisSchema>;

/** 近亲属 (民法典 第一千零四十五条): spouse, parents, children, siblings, grandparents, grandchildren. */
export const NEAR_RELATIONS = ['spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild'] as const;
export const NearRelationSchema = z.enum(NEAR_RELATIONS);
export type NearRelation = z.infer<typeof NearRelationSchema>;

/** The rule that decided something, and the legal text it comes from. */
export const RuleRefSchema = z.object({ rule: z.string().min(1).max(100), source: z.string().min(1).max(500) });
export type RuleRef = z.infer<typeof RuleRefSchema>;

/** A share of a whole, e.g. 1/2 or 1/3: compared in integers, never in floating point. */
export const ShareSchema = z.object({ num: z.int().min(1), den: z.int().min(1) });
export type Share = z.infer<typeof ShareSchema>;

const param = <T extends z.ZodType>(value: T) => z.object({ value, source: z.string().min(1).max(500) });

/**
 * The parameters an election runs under: the national base (村民委员会组织法 / 城市居民委员会组织法) with a
 * province's parameters over it. Each carries its legal source as text; the created event keeps a copy,
 * so an election is always judged by the rules it was called under.
 */
export const RuleSetSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  committeeSize: param(z.object({ min: z.int().min(1), max: z.int().min(1) })),
  minVoterAge: param(z.int().min(1)),
  applicantResidenceYears: param(z.int().min(0)),
  rollPublicationDaysBefore: param(z.int().min(0)),
  objectionDays: param(z.int().min(0)),
  objectionDecisionDays: param(z.int().min(0)),
  /** The election is valid when more than this share of registered voters voted. */
  electionQuorum: param(ShareSchema),
  /** Elected with more than this share of the ballots cast. */
  electedShare: param(ShareSchema),
  /** In a further round (另行选举): elected by most votes, with at least this share of the ballots cast. */
  furtherRoundMinShare: param(ShareSchema),
  /** Candidates of a further round: the unfilled seats plus this many (差额). */
  furtherRoundExtraCandidates: param(z.int().min(1)),
  proxyLimit: param(z.int().min(1)),
  proxyRelations: param(z.array(NearRelationSchema).min(1)),
  /** A recall is requested by at least this share of voters … */
  recallVoterShare: param(ShareSchema),
  /** … or at least this share of the villagers' representatives. */
  recallRepresentativeShare: param(ShareSchema),
  recallQuorum: param(ShareSchema),
  recallPassShare: param(ShareSchema),
});
export type RuleSet = z.infer<typeof RuleSetSchema>;
