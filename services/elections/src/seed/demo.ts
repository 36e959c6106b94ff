import type { DemoDefinition, DemoInfo } from '@grid/platform/service';
import type { ElectionsServices } from '../composition';
import { SeedElection, type Schedule } from './run-election';
import { seededElectionId, type SeedCommunity } from './seed-context';

/**
 * The last 换届 (seed 002: 第十一次村委会、第十次居委会换届选举, completed in 2021): voting on one day district-wide;
 * the other days are illustrative, each inside its article's window (roll ≥ 20 days ahead, objections 5 days).
 */
const LAST_TERM: Schedule = {
  called: '2020-11-20',
  audited: '2020-11-25',
  published: '2020-12-16',
  frozen: '2020-12-22',
  nominated: '2020-12-24',
  listed: '2021-01-06',
  proxies: '2021-01-08',
  votingDay: '2021-01-16',
};
/** The next term's election in the community the demo tokens work in: its roll posted two days before the demo's "today". */
const NEXT_TERM: Schedule = { ...LAST_TERM, called: '2026-06-01', audited: '2026-06-10', published: '2026-06-28', votingDay: '2026-07-25' };
/** The demo's "today" (grid-records' seed asOf): the objection window of NEXT_TERM is open. */
export const DEMO_TODAY = '2026-06-30';
const TERM = { 'villagers-committee': 11, 'residents-committee': 10 } as const;
/** grid-records' demo names its first community so (梅湾街道 翠竹园社区, seed 002); its grid worker and officials get tokens. */
export const DEMO_COMMUNITY = '翠竹园社区';
const NEXT_KEY = `${DEMO_COMMUNITY}:next`;

const committeeUser = (community: { id: string; name: string }) => ({ role: 'election-committee', variable: 'ELECTION_COMMITTEE_TOKEN', sub: 'demo-election-committee', scope: [community] });

const demoInfo = (electionId: string, community: { id: string; name: string }, summary: string): DemoInfo => ({
  summary,
  users: [committeeUser(community)],
  tries: [
    `curl -s -H "authorization: Bearer $ELECTION_COMMITTEE_TOKEN" {url}/v1/elections/${electionId}`,
    `curl -s {url}/v1/public/elections/${electionId}`,
    `curl -s -H "authorization: Bearer $ELECTION_COMMITTEE_TOKEN" {url}/v1/regions/${community.id}/election-turnout`,
  ],
});

/**
 * The demo district's elections, seeded through the service's own application objects once grid-records' demo
 * residents have reached elections' projections: the last term's election in every community and village (roll,
 * candidates, proxies, ballots, station counts, result), and the next term's in 翠竹园社区 with its roll posted.
 */
export const electionsDemo: DemoDefinition<ElectionsServices> = {
  async seed({ services, signal, progress, caughtUp }) {
    const started = performance.now();
    await caughtUp();
    const communities: SeedCommunity[] = (await services.regions.atLevel('community')).map((n) => ({
      regionId: n.regionId,
      name: n.name,
      // The directory keeps no kind: the demo district's villages are the names ending in 村.
      kind: n.name.endsWith('村') ? 'villagers-committee' : 'residents-committee',
    }));
    const home = communities.find((c) => c.name === DEMO_COMMUNITY);
    if (!home) return null;
    progress(`elections: seeding the last term's elections of ${communities.length} communities and villages…`);
    let registered = 0;
    let voted = 0;
    let held = 0;
    await Promise.all(
      communities.map(async (c) => {
        const election = new SeedElection(services, c, `${c.name}:last`, TERM[c.kind as keyof typeof TERM], LAST_TERM, signal);
        if (!(await election.enoughPeople())) return;
        const result = await election.toResult(await election.toPublishedRoll());
        registered += result.registered;
        voted += result.voted;
        held += 1;
      }),
    );
    const next = new SeedElection(services, home, NEXT_KEY, TERM[home.kind as keyof typeof TERM] + 1, NEXT_TERM, signal);
    if (!(await next.enoughPeople())) return null;
    const nextId = await next.toPublishedRoll();
    const posted = (await services.electionLookup.get(nextId))!.roll;
    const turnout = registered === 0 ? 0 : Math.round((voted * 1000) / registered) / 10;
    const summary = `${held} elections of the last term (voting day ${LAST_TERM.votingDay}, 参选率 ${turnout} %), ${DEMO_COMMUNITY}'s next in progress (roll posted ${NEXT_TERM.published}, objections until ${posted.objectionsUntil})`;
    progress(`  ${summary} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return demoInfo(nextId, { id: home.regionId, name: home.name }, `${summary}, seeded now`);
  },
  async find(store) {
    const id = seededElectionId(`${NEXT_KEY}:call`);
    const [created] = await store.readStream(`election-${id}`, { maxCount: 1 });
    if (created?.type !== 'elections.election.created') return null;
    const regionId = (created.data as { regionId: string }).regionId;
    return demoInfo(id, { id: regionId, name: DEMO_COMMUNITY }, `${DEMO_COMMUNITY}'s next election in progress, the last term's results (seeded on the first start)`);
  },
};
