import type { CommitteeKind, RuleSet } from '@grid/contracts';
import { ART } from './articles';

const half = { num: 1, den: 2 };

/** The national base for 村民委员会 elections: every parameter with its article. */
export const VILLAGERS_2018: RuleSet = {
  id: 'cn-villagers-2018',
  name: '村民委员会组织法（2018）',
  committeeSize: { value: { min: 3, max: 7 }, source: ART.villageSize },
  minVoterAge: { value: 18, source: ART.voterAge },
  applicantResidenceYears: { value: 1, source: ART.rollResidentAdmitted },
  rollPublicationDaysBefore: { value: 20, source: ART.rollPublication },
  objectionDays: { value: 5, source: ART.objections },
  objectionDecisionDays: { value: 3, source: ART.objectionDecisions },
  electionQuorum: { value: half, source: ART.quorum },
  electedShare: { value: half, source: ART.elected },
  furtherRoundMinShare: { value: { num: 1, den: 3 }, source: ART.furtherRound },
  furtherRoundExtraCandidates: { value: 1, source: ART.furtherRoundCandidates },
  proxyLimit: { value: 3, source: ART.proxyLimit },
  proxyRelations: { value: ['spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild'], source: ART.nearRelatives },
  recallVoterShare: { value: { num: 1, den: 5 }, source: ART.recallRequest },
  recallRepresentativeShare: { value: { num: 1, den: 3 }, source: ART.recallRequest },
  recallQuorum: { value: half, source: ART.recallVote },
  recallPassShare: { value: half, source: ART.recallVote },
};

/** 居民委员会: 5–9 members (Art 7 of the residents' law); the roll, count and recall rules as the provinces apply them. */
export const RESIDENTS_2018: RuleSet = {
  ...VILLAGERS_2018,
  id: 'cn-residents-2018',
  name: '城市居民委员会组织法（2018）及省级居民委员会选举办法',
  committeeSize: { value: { min: 5, max: 9 }, source: ART.residentsSize },
  electionQuorum: { value: half, source: ART.residentsElection },
};

/** 村务/居务监督委员会: chosen like the committee it oversees, 3–5 members as the provinces set. */
export const SUPERVISION_2018: RuleSet = {
  ...VILLAGERS_2018,
  id: 'cn-supervision-2018',
  name: '村民委员会组织法（2018）第三十二条 及省级规定',
  committeeSize: { value: { min: 3, max: 5 }, source: ART.supervisionSize },
};

export const NATIONAL_BASE: Record<CommitteeKind, RuleSet> = {
  'villagers-committee': VILLAGERS_2018,
  'residents-committee': RESIDENTS_2018,
  'village-affairs-supervision': SUPERVISION_2018,
  'residents-affairs-supervision': { ...SUPERVISION_2018, id: 'cn-residents-supervision-2018' },
};

type Parameters = Omit<RuleSet, 'id' | 'name'>;

/** A province's parameters over the national base: each overridden parameter brings its own source. */
export function provincial(kind: CommitteeKind, province: { id: string; name: string }, overrides: Partial<Parameters>): RuleSet {
  const base = NATIONAL_BASE[kind];
  return { ...base, ...overrides, id: `${base.id}/${province.id}`, name: `${base.name} · ${province.name}` };
}

/** 湖南省 (seed 002: 冷水滩区): the national defaults, named as the province's own. */
export const hunan = (kind: CommitteeKind): RuleSet =>
  provincial(kind, { id: 'hunan', name: '湖南省村民委员会选举办法' }, {
    proxyLimit: { value: 3, source: `湖南省村民委员会选举办法：受委托投票人数上限（本系统取三人，同民政部《村民委员会选举规程》；以现行文本为准）。${ART.proxy}` },
  });
