// The elections demo of `npm start`: seeded after grid-records' demo district through elections' own commands, its
// rolls agree with the seeded residents as grid-records' events tell them, every last-term election is decided under
// Art 15, the next one waits in its objection window, and no stored event of the run links a voter to a choice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHOICE_FIELDS,
  householdMemberAdded,
  householdRegistered,
  linksVoterToChoice,
  personSubject,
  regionCreated,
  residentDied,
  unclassifiedFields,
  valueFieldNames,
  type Envelope,
  type Sealed,
} from '@grid/contracts';
import { elections, type ElectionsServices } from '@grid/elections';
import { gridRecords } from '@grid/grid-records';
import { createPersonalDataVault, loadConfig, loadMasterKey, openInfrastructure, type Config, type Infrastructure } from '@grid/platform';
import { createLogger, signEmbeddedToken } from '@grid/platform/http';
import { mountServices, type DemoInfo, type MountedServices, type RunningService } from '@grid/platform/service';

const VOTING_DAY = '2021-01-16';
const PUBLISHED = '2020-12-16';

let dir: string;
let config: Config;
let infra: Infrastructure;
let mounted: MountedServices;
let info: DemoInfo | null;
let events: Envelope[];
let services: ElectionsServices;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'elections-demo-'));
  config = loadConfig({ DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'OFF', HOST: '127.0.0.1', LOG_LEVEL: 'silent', READ_SIDE: 'inline' });
  infra = await openInfrastructure(config);
  mounted = await mountServices([gridRecords, elections], infra, { config, port: 0, logger: createLogger({ level: 'silent' }) });
  const signal = new AbortController().signal;
  for (const s of mounted.services) {
    const ctx = { services: s.services, store: infra.store, size: 400, signal, progress: () => undefined, caughtUp: () => s.caughtUp() };
    const seeded = await s.definition.demo!.seed(ctx as never);
    if (s.definition.name === 'elections') info = seeded;
  }
  services = (mounted.services.find((s) => s.definition.name === 'elections') as RunningService<ElectionsServices>).services;
  events = [];
  for await (const e of infra.store.readAll()) events.push(e);
}, 240_000);
afterAll(async () => {
  await mounted?.close();
  await infra?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The adults each community had on the roll's day, from grid-records' events alone: household grids up the region tree,
 * births (sealed since v2 of the member events: opened with the deployment's vault), deaths.
 */
async function expectedRolls(): Promise<Map<string, Set<string>>> {
  const vault = createPersonalDataVault({ documents: infra.keys, masterKey: loadMasterKey(config) });
  const born = async (personId: string, birthDate: Sealed | string): Promise<string> =>
    typeof birthDate === 'string' ? birthDate : (await vault.open(personSubject(personId), birthDate))!;
  const parent = new Map<string, string | null>();
  const level = new Map<string, string>();
  const people = new Map<string, { gridId: string; birthDate: string; since: string; diedOn?: string }>();
  const householdGrid = new Map<string, string>();
  for (const e of events) {
    if (e.type === regionCreated.type) {
      const d = regionCreated.data.parse(e.data);
      parent.set(d.regionId, d.parentId);
      level.set(d.regionId, d.level);
    } else if (e.type === householdRegistered.type) {
      const d = householdRegistered.data.parse(e.data);
      householdGrid.set(d.householdId, d.gridId);
      for (const m of d.members) people.set(m.personId, { gridId: d.gridId, birthDate: await born(m.personId, m.birthDate), since: d.on });
    } else if (e.type === householdMemberAdded.type) {
      const d = householdMemberAdded.data.parse(e.data);
      people.set(d.member.personId, { gridId: householdGrid.get(d.householdId)!, birthDate: await born(d.member.personId, d.member.birthDate), since: d.on });
    } else if (e.type === residentDied.type) {
      const d = residentDied.data.parse(e.data);
      people.get(d.personId)!.diedOn = d.diedOn;
    }
  }
  const communityOf = (regionId: string): string | null => {
    for (let at: string | null | undefined = regionId; at; at = parent.get(at)) if (level.get(at) === 'community') return at;
    return null;
  };
  const adult = (birthDate: string) => birthDate <= `${Number(VOTING_DAY.slice(0, 4)) - 18}${VOTING_DAY.slice(4)}`;
  const rolls = new Map<string, Set<string>>();
  for (const [personId, p] of people) {
    if (p.since > PUBLISHED || (p.diedOn && p.diedOn <= PUBLISHED) || !adult(p.birthDate)) continue;
    const community = communityOf(p.gridId)!;
    rolls.set(community, (rolls.get(community) ?? new Set()).add(personId));
  }
  return rolls;
}

test('the last term: one election per community, its roll the adults grid-records registered there, decided under Art 15', async () => {
  const all = await services.electionLookup.all();
  const last = all.filter((e) => e.votingDay === VOTING_DAY);
  const expected = await expectedRolls();
  expect(last.length).toBe(expected.size);
  for (const e of last) {
    const roll = await services.roll.entries(e.electionId);
    expect(roll.map((r) => r.voterId).sort()).toEqual([...expected.get(e.regionId)!].sort());
    expect(e.term).toBe(e.kind === 'villagers-committee' ? 11 : 10); // seed 002: 第十一次村委会、第十次居委会换届
    expect(e.outcome?.outcome).toBe('elected');
    expect(e.outcome!.elected.length).toBe(e.seats.reduce((n, s) => n + s.seats, 0));
    const voted = Object.values(e.voted).reduce((a, b) => a + b, 0);
    expect(voted * 2).toBeGreaterThan(e.roll.size); // Art 15: valid with more than half voting
    expect(e.candidates!.every((p) => p.candidateIds.length > p.seats)).toBe(true); // 差额
  }
});

test('the next term waits in 翠竹园社区 with its roll posted and the objection window open on the demo’s day', async () => {
  const next = (await services.electionLookup.all()).filter((e) => e.votingDay !== VOTING_DAY);
  expect(next).toHaveLength(1);
  expect(next[0]!.roll).toMatchObject({ publishedOn: '2026-06-28', objectionsUntil: '2026-07-03', frozenOn: null });
  expect(info!.users).toEqual([expect.objectContaining({ role: 'election-committee', scope: [{ id: next[0]!.regionId, name: '翠竹园社区' }] })]);
  expect(info!.tries.join('\n')).toContain(next[0]!.electionId);
  const found = await elections.demo!.find(infra.store);
  expect(found!.users).toEqual(info!.users);
});

test('the posted roll shows the names grid-records sealed, opened through the shared vault, and the groups by name', async () => {
  const next = (await services.electionLookup.all()).find((e) => e.votingDay !== VOTING_DAY)!;
  const page = await services.notice.of(next);
  expect(page.roll!.entries!.length).toBe(next.roll.size);
  expect(page.roll!.entries!.every((e) => typeof e.name === 'string' && e.name.length >= 2 && /第.微网格/.test(e.group ?? ''))).toBe(true);
});

describe('the secret ballot over every stored event of the seeded run', () => {
  const stored = () => events.filter((e) => e.type.startsWith('elections.'));

  test('the run stored ballots and counts to check', () => {
    const types = new Set(stored().map((e) => e.type));
    for (const t of ['elections.election.ballot-issued', 'elections.election.station-tallied', 'elections.election.proxy-authorised', 'elections.election.round-declared'])
      expect(types).toContain(t);
  });

  test('no stored event carries a field naming a person beside a field saying what was chosen, nor an unclassified field', () => {
    const leaks = stored().filter((e) => linksVoterToChoice(valueFieldNames(e.data)));
    expect(leaks.map((e) => e.type)).toEqual([]);
    expect([...new Set(stored().flatMap((e) => unclassifiedFields(valueFieldNames(e.data))))]).toEqual([]);
  });

  test('no stored event with a choice holds a voter’s id in any other field', () => {
    const voters = new Set(stored().filter((e) => e.type === 'elections.election.ballot-issued').map((e) => (e.data as { voterId: string }).voterId));
    const idsOutsideChoices = (value: unknown, key = ''): string[] => {
      if (CHOICE_FIELDS.has(key)) return [];
      if (typeof value === 'string') return [value];
      if (Array.isArray(value)) return value.flatMap((v) => idsOutsideChoices(v, key));
      if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => idsOutsideChoices(v, k));
      return [];
    };
    const withChoice = stored().filter((e) => [...valueFieldNames(e.data)].some((f) => CHOICE_FIELDS.has(f)));
    expect(withChoice.length).toBeGreaterThan(0);
    expect(withChoice.filter((e) => idsOutsideChoices(e.data).some((v) => voters.has(v))).map((e) => e.type)).toEqual([]);
  });
});

describe('as-of / known-at on the demo (docs/audit.md, "As-of across services")', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer, read by path in the assertions
  const asOf = async (electionId: string, validAt: string): Promise<any> => {
    const token = await signEmbeddedToken(config, { sub: 'demo-auditor', role: 'auditor', scope: ['*'], ttl: '10m' });
    const res = await fetch(`${mounted.url}/v1/audit/elections/${electionId}?validAt=${validAt}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return res.json();
  };

  test('an election the day before its voting day has its roll and no result; a month later its result, as the events say', async () => {
    const last = (await services.electionLookup.all()).find((e) => e.votingDay === VOTING_DAY)!;
    const [before, after] = [await asOf(last.electionId, '2021-01-15'), await asOf(last.electionId, '2021-02-16')];
    expect(before.state).toMatchObject({ electionId: last.electionId, roll: { size: last.roll.size }, outcome: null, elected: [] });
    expect(after.state.outcome).toBe('elected');
    expect(after.state.elected).toHaveLength(last.outcome!.elected.length);
    expect(after.explainedBy.length).toBeGreaterThan(before.explainedBy.length);
    expect(JSON.stringify(after)).not.toMatch(/"ciphertext"/);
  });
});
