// End to end over HTTP: residents registered in grid-records → the roll built from their events → an election →
// its result; the roll proof checked by the standalone script; a death after freezing flags the entry.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ServiceHarness } from '@grid/platform/service';
import type { ElectionsServices } from '../../src/composition';
import { VOTER_AGE_REVEAL } from '../../src/application/voter-facts';
import { appendDeath, appendGrid, appendHousehold, nameOf, startElections, vault } from './grid-records-events';
import { appendRegions, electionCall } from './regions';

const VERIFY = resolve(__dirname, '..', '..', '..', '..', 'tools', 'verify-roll-proof.mjs');
const AT = '2026-06-20T09:00:00+08:00';
const adults = Array.from({ length: 12 }, (_, i) => `p${i + 1}`);

let h: ServiceHarness<ElectionsServices>;
let committee: string;
let id: string;
type Entry = { voterId: string; entryHash: string; group: string; flag: string | null };

beforeAll(async () => {
  h = await startElections();
  await appendRegions(h.infra.store);
  await appendGrid(h.infra.store, 'g1', 'c1');
  await appendGrid(h.infra.store, 'g3', 'c3');
  // Four households of three adults in c1, one with a child of 17 on voting day; one household in another community.
  for (let i = 0; i < 4; i++) {
    const members = adults.slice(i * 3, i * 3 + 3).map((p) => [p, '1980-05-01'] as [string, string]);
    await appendHousehold(h.infra.store, `h${i + 1}`, 'g1', i === 0 ? [...members, ['child1', '2008-06-21']] : members);
  }
  await appendHousehold(h.infra.store, 'h9', 'g3', [['outsider', '1970-01-01']]);
  await h.service.caughtUp();
  committee = await h.token('election-committee', ['c1']);
  id = ((await h.post('/v1/elections', electionCall('c1'), committee)).json() as { id: string }).id;
  expect((await h.post(`/v1/elections/${id}/audit`, { on: '2026-04-10', auditor: '街道经管站', reportRef: 'SJ-1' }, committee)).statusCode).toBe(200);
});
afterAll(() => h.close());

const post = async (path: string, body: unknown) => {
  const res = await h.post(`/v1/elections/${id}${path}`, body, committee);
  if (res.statusCode >= 300) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
  return res.json();
};
const roll = async () => (await h.get(`/v1/elections/${id}/roll`, committee)).json() as { size: number; root: string | null; entries: Entry[] };

test('the published roll holds the adults living in the community, from grid-records events only', async () => {
  const preview = (await h.get(`/v1/elections/${id}/roll/eligible?on=2026-05-20`, committee)).json();
  expect(preview).toMatchObject({ eligible: adults.length, groups: { g1: adults.length } });
  await post('/roll/publish', { on: '2026-05-20' });
  const r = await roll();
  expect(r.entries.map((e) => e.voterId).sort()).toEqual([...adults].sort());
  expect(r.entries.every((e) => e.group === 'g1')).toBe(true);
});

test('the birth year decides the age rule but for who turns 18 in the voting year: only their sealed date is revealed, the purpose recorded', async () => {
  const reveals = (await vault.reveals('elections')).filter((r) => r.purpose === VOTER_AGE_REVEAL.purpose);
  expect(reveals.length).toBeGreaterThan(0);
  expect([...new Set(reveals.flatMap((r) => r.subjects))]).toEqual(['person:child1']);
});

test('the frozen roll’s proof for an entry is checked by the standalone script against the published root', async () => {
  const early = await h.post(`/v1/elections/${id}/roll/freeze`, { on: '2026-05-25' }, committee);
  expect(early.statusCode).toBe(422);
  await post('/roll/freeze', { on: '2026-05-26' });
  const { root, entries } = await roll();
  const proof = await h.get(`/v1/elections/${id}/roll/proof?entry=${entries[3]!.entryHash}`, committee);
  expect(proof.statusCode).toBe(200);
  const file = join(mkdtempSync(join(tmpdir(), 'roll-proof-')), 'proof.json');
  writeFileSync(file, proof.body);
  expect(() => execFileSync(process.execPath, [VERIFY, file, '--root', root!])).not.toThrow();
  const otherRoot = 'f'.repeat(64);
  expect(() => execFileSync(process.execPath, [VERIFY, file, '--root', otherRoot], { stdio: 'pipe' })).toThrow();
  expect((await h.get(`/v1/elections/${id}/roll/proof?entry=${'0'.repeat(64)}`, committee)).statusCode).toBe(404);
});

test('a voter who dies after freezing is flagged on the roll, never removed', async () => {
  await appendDeath(h.infra.store, 'h4', 'p12', '2026-06-01');
  await h.service.caughtUp();
  const r = await roll();
  expect(r.entries).toHaveLength(12);
  expect(r.entries.find((e) => e.voterId === 'p12')!.flag).toBe('died');
});

test('candidates, ballots and the station’s count give the result announced on the day, and the turnout', async () => {
  const candidates = [
    { post: 'director', candidateIds: ['p1', 'p2'] },
    { post: 'deputy-director', candidateIds: ['p3', 'p4'] },
    { post: 'member', candidateIds: ['p5', 'p6', 'p7', 'p8'] },
  ];
  await post('/committee', { memberId: 'p8', role: 'member', chosenBy: 'representatives', on: '2026-05-26' });
  for (const c of candidates) for (const candidateId of c.candidateIds) await post('/nominations', { candidateId, post: c.post, nomination: 'joint', supporters: 10, on: '2026-05-27' });
  expect((await h.get(`/v1/elections/${id}`, committee)).json().committee).not.toContain('p8'); // a nominee leaves the committee (Art 12)
  await post('/candidates/publish', { on: '2026-06-12', posts: candidates });
  for (const voterId of adults.slice(0, 10)) await post('/stations/st1/ballots', { voterId, via: 'in-person', at: AT });
  const votes = { p1: 7, p2: 3, p3: 6, p4: 4, p5: 8, p6: 7, p7: 6, p8: 2 };
  const byPost = candidates.flatMap((c) => c.candidateIds.map((candidateId) => ({ post: c.post, candidateId, votes: votes[candidateId as keyof typeof votes] })));
  await post('/stations/st1/tally', { on: '2026-06-20', returned: 10, unreturned: 0, valid: 10, blank: 0, invalid: 0, votes: byPost });
  await post('/result', { on: '2026-06-20' });
  const election = (await h.get(`/v1/elections/${id}`, committee)).json();
  expect(election.outcome.outcome).toBe('elected');
  expect(election.outcome.elected.map((e: { candidateId: string }) => e.candidateId).sort()).toEqual(['p1', 'p3', 'p5', 'p6', 'p7']);
  expect((await h.get(`/v1/elections/${id}/turnout`, committee)).json()).toMatchObject({ registered: 12, voted: 10 });
  const street = await h.token('street-official', ['s1']);
  expect((await h.get('/v1/regions/s1/election-turnout', street)).json()).toMatchObject({ registered: 12, voted: 10 });
});

test('the public page needs no token and carries no personal data', async () => {
  const page = await h.get(`/v1/public/elections/${id}`);
  expect(page.statusCode).toBe(200);
  expect(page.json()).toMatchObject({ electionId: id, outcome: { outcome: 'elected' } });
  expect(page.json().outcome.elected.map((e: { candidateId: string; name: string }) => e.name)).toEqual(page.json().outcome.elected.map((e: { candidateId: string }) => nameOf(e.candidateId)));
  // Posted until the result is announced: afterwards its size and commitment remain, not the names.
  expect(page.json().roll).toMatchObject({ size: 12, entries: null });
  expect(page.body).not.toMatch(/idNumber|idHash|ciphertext|entryHash/);
});
