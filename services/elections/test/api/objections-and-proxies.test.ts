// Objections to the published roll and proxy authorisations over HTTP: an upheld omission puts a resident on from
// elections' own projection of grid-records' events; an upheld wrong listing takes one off; the windows hold.
import type { ServiceHarness } from '@grid/platform/service';
import type { ElectionsServices } from '../../src/composition';
import { appendGrid, appendHousehold, nameOf, startElections, vault } from './grid-records-events';
import { appendRegions, electionCall } from './regions';

let h: ServiceHarness<ElectionsServices>;
let committee: string;
let id: string;

beforeAll(async () => {
  h = await startElections();
  await appendRegions(h.infra.store);
  await appendGrid(h.infra.store, 'g1', 'c1');
  await appendHousehold(h.infra.store, 'h1', 'g1', ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((p) => [p, '1975-02-01'] as [string, string]));
  await h.service.caughtUp();
  committee = await h.token('election-committee', ['c1']);
  id = ((await h.post('/v1/elections', electionCall('c1'), committee)).json() as { id: string }).id;
  await h.post(`/v1/elections/${id}/audit`, { on: '2026-04-10', auditor: '街道经管站', reportRef: 'SJ-1' }, committee);
  expect((await h.post(`/v1/elections/${id}/roll/publish`, { on: '2026-05-20' }, committee)).statusCode).toBe(200);
  // A household registered after publication: its adult is missing from the posted roll.
  await appendHousehold(h.infra.store, 'h2', 'g1', [['late1', '1990-09-09']]);
  await h.service.caughtUp();
});
afterAll(() => h.close());

const voters = async () => ((await h.get(`/v1/elections/${id}/roll`, committee)).json() as { entries: { voterId: string }[] }).entries.map((e) => e.voterId).sort();
const object = (body: object) => h.post(`/v1/elections/${id}/roll/objections`, { grounds: '名单有误', ...body }, committee);
const decide = (oid: string, upheld: boolean, on = '2026-05-24') => h.post(`/v1/elections/${id}/roll/objections/${oid}/decision`, { on, upheld, reason: '经核实' }, committee);

test('an upheld objection of omission puts the resident on the roll', async () => {
  const raised = await object({ kind: 'omitted', subjectId: 'late1', on: '2026-05-22' });
  expect(raised.statusCode).toBe(200);
  expect((await decide(raised.json().id, true)).statusCode).toBe(200);
  expect(await voters()).toContain('late1');
});

test('an upheld objection of a wrong listing takes the voter off', async () => {
  const raised = await object({ kind: 'wrongly-listed', subjectId: 'p6', on: '2026-05-25' });
  expect((await decide(raised.json().id, true, '2026-05-25')).statusCode).toBe(200);
  expect(await voters()).not.toContain('p6');
});

test('an objection on day 6 after publication is refused, naming the rule', async () => {
  const late = await object({ kind: 'wrongly-listed', subjectId: 'p5', on: '2026-05-26' });
  expect(late.statusCode).toBe(422);
  expect(late.json().errors[0]).toMatchObject({ rule: 'objection-window-closed' });
});

test('a proxy holds at most three authorisations; the published list is public', async () => {
  for (const principalId of ['p2', 'p3', 'p4']) {
    expect((await h.post(`/v1/elections/${id}/proxies`, { principalId, proxyId: 'p1', relation: 'sibling', authorisationRef: `WT-${principalId}`, on: '2026-06-01' }, committee)).statusCode).toBe(200);
  }
  const fourth = await h.post(`/v1/elections/${id}/proxies`, { principalId: 'p5', proxyId: 'p1', relation: 'sibling', authorisationRef: 'WT-p5', on: '2026-06-01' }, committee);
  expect(fourth.statusCode).toBe(422);
  expect((await h.post(`/v1/elections/${id}/proxies/publish`, { on: '2026-06-10' }, committee)).statusCode).toBe(200);
  const page = (await h.get(`/v1/public/elections/${id}`)).json();
  expect(page.proxies).toEqual(expect.arrayContaining([{ principal: nameOf('p2'), proxy: nameOf('p1') }]));
  expect(page.proxies).toHaveLength(3);
});

test('the posted roll shows names and groups through the vault, each reveal recorded with its purpose, no ids', async () => {
  const page = await h.get(`/v1/public/elections/${id}`);
  const entries = page.json().roll.entries as { name: string; group: string }[];
  expect(entries.map((e) => e.name).sort()).toEqual((await voters()).map(nameOf).sort());
  expect(entries.every((e) => e.group === '网格g1')).toBe(true);
  expect(page.body).not.toMatch(/voterId|entryHash|idNumber|ciphertext|"p\d"/);
  const reveals = await vault.reveals('elections');
  expect(reveals.at(-1)).toMatchObject({ purpose: 'posted-proxies', by: 'public' });
  const roll = reveals.filter((r) => r.purpose === 'posted-roll').at(-1)!;
  expect(roll.subjects.sort()).toEqual((await voters()).map((v) => `person:${v}`).sort());
  expect(JSON.stringify(reveals)).not.toContain(nameOf('p1'));
});
