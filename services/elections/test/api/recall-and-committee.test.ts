// 罢免 (Art 16) and the election committee over HTTP: a recall of an elected member with its petition, defence and
// vote; a member leaving the committee; each refusal names its rule.
import type { ServiceHarness } from '@grid/platform/service';
import type { ElectionsServices } from '../../src/composition';
import { appendGrid, appendHousehold, startElections } from './grid-records-events';
import { appendRegions, electionCall } from './regions';

const AT = '2026-06-20T09:00:00+08:00';
const adults = Array.from({ length: 10 }, (_, i) => `p${i + 1}`);

let h: ServiceHarness<ElectionsServices>;
let committee: string;
let id: string;

const post = async (path: string, body: unknown) => h.post(`/v1/elections/${id}${path}`, body, committee);
const ok = async (path: string, body: unknown) => {
  const res = await post(path, body);
  if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
  return res.json();
};
const view = async () => (await h.get(`/v1/elections/${id}`, committee)).json();

/** An election of 10 voters decided in one round: p1 director, p3 deputy, p5 p6 p7 members. */
beforeAll(async () => {
  h = await startElections();
  await appendRegions(h.infra.store);
  await appendGrid(h.infra.store, 'g1', 'c1');
  await appendHousehold(h.infra.store, 'h1', 'g1', adults.map((p) => [p, '1980-05-01'] as [string, string]));
  await h.service.caughtUp();
  committee = await h.token('election-committee', ['c1']);
  id = ((await h.post('/v1/elections', electionCall('c1'), committee)).json() as { id: string }).id;
  await ok('/committee', { memberId: 'p10', role: 'member', chosenBy: 'assembly', on: '2026-04-02' });
  await ok('/audit', { on: '2026-04-10', auditor: '街道经管站', reportRef: 'SJ-1' });
  await ok('/roll/publish', { on: '2026-05-20' });
  await ok('/roll/freeze', { on: '2026-05-26' });
  const posts = { director: ['p1', 'p2'], 'deputy-director': ['p3', 'p4'], member: ['p5', 'p6', 'p7', 'p8'] };
  for (const [post, ids] of Object.entries(posts)) for (const candidateId of ids) await ok('/nominations', { candidateId, post, nomination: 'self', supporters: 1, on: '2026-05-28' });
  await ok('/candidates/publish', { on: '2026-06-05', posts: Object.entries(posts).map(([post, candidateIds]) => ({ post, candidateIds })) });
  for (const voterId of adults) await ok('/stations/st1/ballots', { voterId, via: 'in-person', at: AT });
  const votes = [['director', 'p1', 8], ['director', 'p2', 2], ['deputy-director', 'p3', 7], ['deputy-director', 'p4', 3], ['member', 'p5', 9], ['member', 'p6', 8], ['member', 'p7', 7], ['member', 'p8', 3]];
  await ok('/stations/st1/tally', { on: '2026-06-20', returned: 10, unreturned: 0, valid: 10, blank: 0, invalid: 0, votes: votes.map(([post, candidateId, n]) => ({ post, candidateId, votes: n })) });
  await ok('/result', { on: '2026-06-20' });
}, 60_000); // ~30 requests: a bound for a loaded machine, not a figure
afterAll(() => h.close());

test('a member leaves the election committee by resigning', async () => {
  expect((await view()).committee).toEqual(['p10']);
  expect((await post('/committee/p10/release', { cause: 'resigned', on: '2026-04-20' })).statusCode).toBe(200);
  expect((await view()).committee).toEqual([]);
});

test('a recall signed by exactly a fifth of the voters, the defence heard, passed by more than half of those voting', async () => {
  const requested = await ok('/recalls', { memberId: 'p1', petition: { by: 'voters', signatures: 2, of: 10 }, reasons: '长期不履行职责', on: '2026-09-01' });
  expect((await post(`/recalls/${requested.id}/defence`, { statementRef: '申辩书 SB-1', on: '2026-09-10' })).statusCode).toBe(200);
  expect((await post(`/recalls/${requested.id}/vote`, { on: '2026-09-20', registered: 10, ballotsCast: 6, yes: 4, no: 2, invalid: 0 })).statusCode).toBe(200);
  const [recall] = (await view()).recalls;
  expect(recall).toMatchObject({ recallId: requested.id, memberId: 'p1', defenceHeardOn: '2026-09-10', vote: { valid: true, passed: true, rule: { rule: 'recall-passed' } } });
});

test('a recall vote where exactly half of the registered voters voted is not valid', async () => {
  const requested = await ok('/recalls', { memberId: 'p3', petition: { by: 'representatives', signatures: 3, of: 9 }, reasons: '违反村规民约', on: '2026-09-01' });
  await ok(`/recalls/${requested.id}/vote`, { on: '2026-09-20', registered: 10, ballotsCast: 5, yes: 5, no: 0, invalid: 0 });
  const recall = (await view()).recalls.find((r: { recallId: string }) => r.recallId === requested.id);
  expect(recall.vote).toMatchObject({ valid: false, passed: false, rule: { rule: 'recall-quorum-not-reached' } });
});

test('a petition short of a fifth of the voters is refused, naming the rule', async () => {
  const res = await post('/recalls', { memberId: 'p5', petition: { by: 'voters', signatures: 1, of: 10 }, reasons: '不称职', on: '2026-09-01' });
  expect(res.statusCode).toBe(422);
  expect(res.json().errors[0]).toMatchObject({ rule: 'recall-petition-too-small' });
});

test('only an elected member can be recalled', async () => {
  const res = await post('/recalls', { memberId: 'p2', petition: { by: 'voters', signatures: 5, of: 10 }, reasons: '不称职', on: '2026-09-01' });
  expect(res.statusCode).toBe(422);
  expect(res.json().errors[0]).toMatchObject({ rule: 'not-an-elected-member' });
});

test('a recall already voted takes no second vote, and an unknown recall is refused', async () => {
  const requested = await ok('/recalls', { memberId: 'p6', petition: { by: 'voters', signatures: 3, of: 10 }, reasons: '不称职', on: '2026-09-01' });
  await ok(`/recalls/${requested.id}/vote`, { on: '2026-09-20', registered: 10, ballotsCast: 8, yes: 2, no: 6, invalid: 0 });
  expect((await post(`/recalls/${requested.id}/vote`, { on: '2026-09-21', registered: 10, ballotsCast: 8, yes: 8, no: 0, invalid: 0 })).json().errors[0]).toMatchObject({ rule: 'recall-voted' });
  expect((await post('/recalls/nope/defence', { statementRef: 'SB-2', on: '2026-09-10' })).json().errors[0]).toMatchObject({ rule: 'unknown-recall' });
});
