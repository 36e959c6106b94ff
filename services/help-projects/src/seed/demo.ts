import { Refusal, newId, type CommandContext, type EventStore } from '@grid/platform';
import type { DemoDefinition, DemoInfo } from '@grid/platform/service';
import { eligibleHouseholds } from '../application/eligibility';
import { memberStream } from '../application/member-commands';
import type { RegionTree } from '../application/region-tree';
import type { HelpProjectsServices } from '../composition';
import { gridOn, inForceDuring } from '../domain/facts/queries';
import type { HouseholdFacts } from '../domain/facts/household-facts';
import { COUNTY_MEMBERS, DEMO_REASON, DEMO_YEAR, PROJECTS, SERVICE_DAYS, chosen, streetMembers, villageMember, type PlannedMember } from './demo-plan';

const OPERATOR = { id: 'demo-consortium-operator', role: 'consortium-operator' } as const;
const ctx = (key: string): CommandContext => ({ actor: OPERATOR, idSeed: `help-projects-demo:${key}`, reason: DEMO_REASON });

type Region = { regionId: string; name: string; level: string; parentId: string | null };
type Counts = { members: number; projects: number; enrolments: number; services: number; refused: number; jointCases: number; benefitLists: number };

/**
 * Runs the writes, those of one stream (`streamOf`) one after another and up to eight streams at a time (writes to
 * one stream would only conflict); a refusal is counted, not fatal.
 */
async function writeAll<T>(items: T[], streamOf: (item: T) => string, write: (item: T) => Promise<unknown>, counts: Counts, signal: AbortSignal): Promise<number> {
  const byStream = new Map<string, T[]>();
  for (const item of items) byStream.set(streamOf(item), [...(byStream.get(streamOf(item)) ?? []), item]);
  let done = 0;
  const run = async (queue: T[]) => {
    for (const item of queue) {
      signal.throwIfAborted();
      try {
        await write(item);
        done += 1;
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        counts.refused += 1;
      }
    }
  };
  const queues = [...byStream.values()];
  for (let i = 0; i < queues.length; i += 8) await Promise.all(queues.slice(i, i + 8).map(run));
  return done;
}

/**
 * The demo consortium over grid-records' demo district: 18 members on three levels, the four kinds of project of
 * seed 003 with enrolments of eligible seeded households, services, 救助一件事 cases and 幸福清单 deliveries,
 * all through the service's own commands. Budgets are credited as a charity allocation would credit them.
 */
async function seed(services: HelpProjectsServices, regions: Region[], tree: RegionTree, signal: AbortSignal, progress: (line: string) => void): Promise<{ counts: Counts; info: DemoInfo }> {
  const counts: Counts = { members: 0, projects: 0, enrolments: 0, services: 0, refused: 0, jointCases: 0, benefitLists: 0 };
  const district = regions.find((r) => r.level === 'district')!;
  const streets = regions.filter((r) => r.level === 'street' && r.parentId === district.regionId).sort((a, b) => (a.regionId < b.regionId ? -1 : 1));
  const communities = regions.filter((r) => r.level === 'community').sort((a, b) => (a.regionId < b.regionId ? -1 : 1));

  const plan: (PlannedMember & { regionId: string })[] = [
    ...COUNTY_MEMBERS.map((m) => ({ ...m, regionId: district.regionId })),
    ...streets.flatMap((s) => streetMembers(s.name).map((m, i) => ({ ...m, key: `street-${s.regionId}-${i}`, regionId: s.regionId }))),
    ...communities.slice(0, 6).map((c) => ({ ...villageMember(c.name), key: `village-${c.regionId}`, regionId: c.regionId })),
  ];
  const memberIds = new Map<string, string>();
  for (const m of plan) {
    const { id } = await services.members.join({ name: m.name, kind: m.kind, level: m.level, regionId: m.regionId, on: '2025-12-01' }, ctx(`member:${m.key}`));
    memberIds.set(m.key, id);
    counts.members += 1;
  }
  const streetOf = (path: readonly string[]) => streets.find((s) => path.includes(s.regionId));
  const servingMember = (path: readonly string[], fallback: string) => {
    const street = streetOf(path);
    return street ? memberIds.get(`street-${street.regionId}-0`)! : fallback;
  };
  progress(`  help-projects: ${counts.members} consortium members on three levels`);

  const households = await services.lookups.allFacts();
  for (const p of PROJECTS) {
    signal.throwIfAborted();
    const owner = memberIds.get(p.owner)!;
    const rule = { ...p.rule, regionIds: [district.regionId] };
    const { id: projectId } = await services.projects.publish(
      { memberId: owner, title: p.title, category: p.category, rule, capacity: p.capacity, from: DEMO_YEAR.from, until: DEMO_YEAR.until, on: DEMO_YEAR.published },
      ctx(`project:${p.key}`),
    );
    counts.projects += 1;
    await services.projects.creditBudget(projectId, { allocationId: `demo-${p.key}`, amountFen: p.capacity * p.unitCostFen * p.servings, on: DEMO_YEAR.published }, ctx(`budget:${p.key}`));
    const allEligible = eligibleHouseholds(rule, await services.lookups.forRule(rule, DEMO_YEAR.enrolled, households), DEMO_YEAR.enrolled, tree);
    const eligible = allEligible.slice(0, p.capacity);
    const enrolled: { enrolmentId: string; personId: string; path: readonly string[] }[] = [];
    await writeAll(
      eligible,
      () => projectId,
      async (h) => {
        const personId = h.subjects[0]!.personId;
        const consent = { givenBy: personId === null ? ('head-of-household' as const) : ('self' as const), on: DEMO_YEAR.enrolled, documentRef: `知情同意书-${p.key}-${h.householdId.slice(0, 8)}` };
        const r = await services.projects.enrol(projectId, { householdId: h.householdId, personId, consent, on: DEMO_YEAR.enrolled }, ctx(`enrol:${p.key}:${h.householdId}`));
        const facts = households.find((f) => f.householdId === h.householdId)!;
        enrolled.push({ enrolmentId: r.enrolmentId, personId: personId ?? Object.keys(facts.persons).sort()[0]!, path: tree.pathOf(h.gridId) });
      },
      counts,
      signal,
    );
    counts.enrolments += enrolled.length;
    const servings = enrolled.flatMap((e) => SERVICE_DAYS.slice(0, p.servings).map((day) => ({ ...e, day })));
    counts.services += await writeAll(
      servings,
      () => projectId,
      (s) =>
        services.projects.recordService(
          s.enrolmentId,
          { personId: s.personId, memberId: p.key === 'bathing' ? servingMember(s.path, owner) : owner, servedOn: s.day, personTimes: 1, costFen: p.unitCostFen, on: s.day },
          ctx(`service:${s.enrolmentId}:${s.day}`),
        ),
      counts,
      signal,
    );
    progress(`  help-projects: ${p.title}: ${enrolled.length} enrolled (capacity ${p.capacity}) of ${allEligible.length} eligible, services recorded`);
  }

  await jointCases(services, households, tree, streets, memberIds, counts, signal);
  await benefitLists(services, households, tree, memberIds, streets, counts, signal);
  progress(`  help-projects: ${counts.jointCases} 救助一件事 joint cases, ${counts.benefitLists} 幸福清单 delivered (${counts.refused} writes refused by rule)`);

  return { counts, info: demoInfo(district, `${counts.members} members, ${counts.projects} projects, ${counts.enrolments} enrolments, ${counts.services} services, seeded now`) };
}

/** 救助一件事: a medical-insurance step and a street social-work step for some 特困/低保 households; three in four handled jointly. */
async function jointCases(services: HelpProjectsServices, households: HouseholdFacts[], tree: RegionTree, streets: Region[], memberIds: Map<string, string>, counts: Counts, signal: AbortSignal) {
  const programs = ['extreme-poverty', 'minimum-living'];
  const needy = households.filter((f) => Object.values(f.statuses).some((s) => programs.includes(s.program) && inForceDuring(s, DEMO_YEAR.from, DEMO_YEAR.today)) && chosen(f.householdId, 20)).slice(0, 24);
  counts.jointCases += await writeAll(
    needy,
    (f) => f.householdId,
    async (f) => {
      const path = tree.pathOf(gridOn(f, DEMO_YEAR.today));
      const community = path[1] ?? path[0]!;
      const street = streets.find((s) => path.includes(s.regionId));
      const social = street ? memberIds.get(`street-${street.regionId}-0`)! : memberIds.get('civil-affairs')!;
      const insurance = memberIds.get('medical-insurance')!;
      const { id: caseId } = await services.jointCases.open({ householdId: f.householdId, regionId: community, need: 'medical', on: '2026-03-02' }, ctx(`case:${f.householdId}`));
      const a = await services.jointCases.assign(caseId, { memberId: insurance, task: '医疗救助“一站式”结算', dueOn: '2026-03-20', on: '2026-03-02' }, ctx(`step:${caseId}:insurance`));
      const b = await services.jointCases.assign(caseId, { memberId: social, task: '入户核实并协助申请', dueOn: '2026-03-16', on: '2026-03-02' }, ctx(`step:${caseId}:social`));
      await services.jointCases.complete(caseId, b.stepId, { memberId: social, on: '2026-03-12' }, ctx(`done:${caseId}:social`));
      // A quarter stay open: the seed's complaint is coverage on paper, not in practice.
      if (chosen(caseId, 75)) await services.jointCases.complete(caseId, a.stepId, { memberId: insurance, on: '2026-03-25' }, ctx(`done:${caseId}:insurance`));
    },
    counts,
    signal,
  );
}

/** 幸福清单: delivered by the village member where there is one, else the street's social-work station, to most entitled households. */
async function benefitLists(services: HelpProjectsServices, households: HouseholdFacts[], tree: RegionTree, memberIds: Map<string, string>, streets: Region[], counts: Counts, signal: AbortSignal) {
  const entitled = households.filter((f) => Object.values(f.statuses).some((s) => s.program !== 'temporary' && inForceDuring(s, DEMO_YEAR.from, DEMO_YEAR.today)) && chosen(`list:${f.householdId}`, 85));
  const deliveringMember = (f: HouseholdFacts) => {
    const path = tree.pathOf(gridOn(f, DEMO_YEAR.today));
    const street = streets.find((s) => path.includes(s.regionId));
    return path.map((r) => memberIds.get(`village-${r}`)).find((m) => m !== undefined) ?? (street ? memberIds.get(`street-${street.regionId}-0`)! : memberIds.get('civil-affairs')!);
  };
  counts.benefitLists += await writeAll(
    entitled,
    deliveringMember,
    async (f) => {
      const memberId = deliveringMember(f);
      const programs = [...new Set(Object.values(f.statuses).map((s) => s.program))].sort();
      await services.members.deliverBenefitList(memberId, { householdId: f.householdId, programs, projectIds: [], on: '2026-04-10' }, ctx(`list:${f.householdId}`));
    },
    counts,
    signal,
  );
}

function demoInfo(district: Pick<Region, 'regionId' | 'name'>, summary: string): DemoInfo {
  return {
    summary,
    users: [
      { role: 'consortium-operator', variable: 'CONSORTIUM_OPERATOR_TOKEN', sub: 'demo-consortium-operator', scope: [{ id: district.regionId, name: district.name }] },
      { role: 'consortium-member', variable: 'CONSORTIUM_MEMBER_TOKEN', sub: demoMemberId(), scope: [{ id: district.regionId, name: district.name }] },
    ],
    tries: [
      `curl -s -H "authorization: Bearer $CONSORTIUM_OPERATOR_TOKEN" "{url}/v1/regions/${district.regionId}/rates?from=${DEMO_YEAR.from}&to=${DEMO_YEAR.today}"`,
      `curl -s -H "authorization: Bearer $CONSORTIUM_MEMBER_TOKEN" {url}/v1/projects`,
      `curl -s -H "authorization: Bearer $DISTRICT_OFFICIAL_TOKEN" "{url}/v1/regions/${district.regionId}/rates/visit-care/households?from=${DEMO_YEAR.from}&to=${DEMO_YEAR.today}"`,
    ],
  };
}

/** The member the demo's member token is for (区残疾人联合会, owner of 助浴): its id derives from the seed's key. */
const demoMemberId = (): string => newId(ctx('member:disabled-federation'), 'member');

/** On a later start: the demo member's stream, and the district it joined for (grid-records' region event in the same store). */
async function findDemo(store: EventStore): Promise<DemoInfo | null> {
  const [joined] = await store.readStream(memberStream(demoMemberId()), { maxCount: 1 });
  const regionId = (joined?.data as { regionId?: string } | undefined)?.regionId;
  if (!regionId) return null;
  const [created] = await store.readStream(`region-${regionId}`, { maxCount: 1 });
  const name = (created?.data as { name?: string } | undefined)?.name ?? regionId;
  return demoInfo({ regionId, name }, 'the demo consortium (seeded on the first start)');
}

export const helpProjectsDemo: DemoDefinition<HelpProjectsServices> = {
  async seed({ services, signal, progress, caughtUp }) {
    progress('help-projects: seeding the demo consortium (助联体) over the demo district…');
    const started = Date.now();
    await caughtUp();
    const tree = await services.regionTree();
    const regions = (await services.lookups.regions()).map((r) => ({ regionId: r.regionId, name: r.name, level: r.level, parentId: r.parentId }));
    if (!regions.some((r) => r.level === 'district')) throw new Error('help-projects demo: no district in the region directory (grid-records seeds it first)');
    const { counts, info } = await seed(services, regions, tree, signal, progress);
    await caughtUp();
    progress(`  seeded ${counts.members} members, ${counts.projects} projects, ${counts.enrolments} enrolments, ${counts.services} services in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return info;
  },
  find: findDemo,
};
