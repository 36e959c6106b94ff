import type { ConsortiumLevel, EligibilityRule, MemberKind, ProjectCategory } from '@grid/contracts';

/** The demo's "today" is grid-records' (its seed draws every date before 2026-06-30); the projects run in 2026. */
export const DEMO_YEAR = { from: '2026-01-01', until: '2026-12-31', published: '2026-01-05', enrolled: '2026-02-01', today: '2026-06-30' };
export const SERVICE_DAYS = ['2026-03-15', '2026-04-15', '2026-05-15', '2026-06-15'];
export const DEMO_REASON = '演示数据 · demo seed';

/** A member as the demo plans it: `at` is the region level it joins for (the district, a street, a community). */
export type PlannedMember = { key: string; name: string; kind: MemberKind; level: ConsortiumLevel };

/** Seed 003: 55 members joined the county's consortium; the demo has a third, on the three levels. */
export const COUNTY_MEMBERS: PlannedMember[] = [
  { key: 'civil-affairs', name: '区民政局', kind: 'department', level: 'county' },
  { key: 'health', name: '区卫生健康局', kind: 'department', level: 'county' },
  { key: 'disabled-federation', name: '区残疾人联合会', kind: 'department', level: 'county' },
  { key: 'medical-insurance', name: '区医疗保障局', kind: 'department', level: 'county' },
  { key: 'charity-federation', name: '区慈善总会', kind: 'social-organisation', level: 'county' },
  { key: 'rice', name: '潇湘爱心粮油有限公司', kind: 'enterprise', level: 'county' },
];
/** Two per street or township (三级助联体: 乡镇 level). */
export const streetMembers = (street: string): [Omit<PlannedMember, 'key'>, Omit<PlannedMember, 'key'>] => [
  { name: `${street}社工站`, kind: 'social-organisation', level: 'township' },
  { name: `${street}居家养老服务中心`, kind: 'enterprise', level: 'township' },
];
/** One per community or village, for the first six (村/社区 level). */
export const villageMember = (community: string): Omit<PlannedMember, 'key'> => ({ name: `${community}邻里互助会`, kind: 'social-organisation', level: 'village' });

/** The four kinds seed 003 names, each owned by a county member and limited as a real project is. */
export type PlannedProject = { key: string; owner: string; title: string; category: ProjectCategory; rule: Omit<EligibilityRule, 'regionIds'>; capacity: number; unitCostFen: number; servings: number };
export const PROJECTS: PlannedProject[] = [
  { key: 'bathing', owner: 'disabled-federation', title: '失能老人免费助浴', category: 'bathing', rule: { subject: 'person', programs: ['extreme-poverty', 'disability-care'], minAge: 60 }, capacity: 40, unitCostFen: 8_000, servings: 4 },
  { key: 'care-bed', owner: 'charity-federation', title: '困难家庭护理床', category: 'care-bed', rule: { subject: 'person', programs: ['extreme-poverty', 'minimum-living', 'disability-care'], disabilityGradeAtMost: 2 }, capacity: 30, unitCostFen: 120_000, servings: 1 },
  { key: 'rice', owner: 'rice', title: '“爱心米”助力老年食堂', category: 'canteen-rice', rule: { subject: 'household', programs: ['minimum-living', 'extreme-poverty'], minAge: 70 }, capacity: 60, unitCostFen: 5_000, servings: 3 },
  { key: 'home-repair', owner: 'civil-affairs', title: '困难群众“善居工程”', category: 'home-repair', rule: { subject: 'household', programs: ['minimum-living', 'extreme-poverty', 'low-income-marginal'], registration: 'rural' }, capacity: 50, unitCostFen: 600_000, servings: 1 },
];

/** A deterministic share of ids (the same households every run): `percent` of them, by a hash of the id. */
export function chosen(id: string, percent: number): boolean {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) % 100 < percent;
}
