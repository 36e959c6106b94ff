// Every route of the service: 401 without a token (the public page aside), 404 for an election outside the
// caller's scope, and problem+json naming the field on bad input, read from the checked-in OpenAPI document so a
// new route cannot be left out.
import { readFileSync } from 'node:fs';
import type { ServiceHarness } from '@grid/platform/service';
import type { ElectionsServices } from '../../src/composition';
import { OPENAPI_FILE } from '../../src/tools/write-openapi';
import { startElections } from './grid-records-events';
import { appendRegions, electionCall } from './regions';

const paths = Object.entries(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')).paths as Record<string, Record<string, unknown>>)
  .filter(([path]) => path.startsWith('/v1/'))
  .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));

const on = '2026-05-20';
/** A body each write accepts as input, so the answer is about scope, not validation. */
const BODIES: Record<string, unknown> = {
  audit: { on, auditor: '街道经管站', reportRef: 'SJ-1' },
  committee: { memberId: 'm1', role: 'member', chosenBy: 'assembly', on },
  'candidates/publish': { on, posts: [{ post: 'director', candidateIds: ['p1', 'p2'] }] },
  nominations: { candidateId: 'p1', post: 'director', nomination: 'self', supporters: 0, on },
  proxies: { principalId: 'p1', proxyId: 'p2', relation: 'spouse', authorisationRef: 'WT-1', on },
  'proxies/publish': { on },
  result: { on },
  'roll/freeze': { on },
  'roll/objections': { kind: 'omitted', subjectId: 'p1', on, grounds: '漏登' },
  'roll/applications': { voterId: 'p1', kind: 'resident', on },
  'applications/{applicationId}/decision': { on, admitted: false, reason: '村民代表会议未同意' },
  decision: { on, upheld: false, reason: '不符合条件' },
  'roll/publish': { on },
  ballots: { voterId: 'p1', via: 'in-person', at: '2026-06-20T09:00:00+08:00' },
  tally: { on, returned: 0, unreturned: 0, valid: 0, blank: 0, invalid: 0, votes: [] },
  release: { cause: 'resigned', on },
  recalls: { memberId: 'p1', petition: { by: 'voters', signatures: 1, of: 5 }, reasons: '不履行职责', on },
  defence: { statementRef: 'SB-1', on },
  vote: { on, registered: 10, ballotsCast: 6, yes: 4, no: 2, invalid: 0 },
};
const bodyFor = (path: string) => Object.entries(BODIES).find(([suffix]) => path.endsWith(suffix))?.[1] ?? {};

let h: ServiceHarness<ElectionsServices>;
let electionId: string;
const url = (path: string, regionId = 'c1') =>
  path.replace('{electionId}', electionId).replace('{objectionId}', 'o1').replace('{stationId}', 'st1').replace('{memberId}', 'm1').replace('{recallId}', 'r1').replace('{regionId}', regionId) + (path.endsWith('/proof') ? `?entry=${'a'.repeat(64)}` : '') + (path.endsWith('/eligible') ? `?on=${on}` : '');
const call = (method: string, path: string, token?: string, body = bodyFor(path)) => (method === 'GET' ? h.get(url(path), token) : h.post(url(path), body, token));

let committee: string;

beforeAll(async () => {
  h = await startElections();
  await appendRegions(h.infra.store);
  await h.service.caughtUp();
  committee = await h.token('election-committee', ['c1']);
  electionId = ((await h.post('/v1/elections', electionCall('c1'), committee)).json() as { id: string }).id;
});
afterAll(() => h.close());

test('the service has the issue’s routes', () => {
  expect(paths.length).toBeGreaterThanOrEqual(19);
});

test.each(paths.filter((p) => !p.path.startsWith('/v1/public')))('$method $path is 401 without a token', async ({ method, path }) => {
  expect((await call(method, path)).statusCode).toBe(401);
});

test.each(paths.filter((p) => p.path.includes('{electionId}') && !p.path.startsWith('/v1/public')))('$method $path is 404 for an election outside the caller’s scope', async ({ method, path }) => {
  const other = await h.token('election-committee', ['c3']);
  expect((await call(method, path, other)).statusCode).toBe(404);
});

/** A value of the wrong type for every field the body has: each route must say which field, as problem+json. */
const spoiled = (body: unknown): Record<string, unknown> => Object.fromEntries(Object.keys(body as object).map((k) => [k, { wrong: true }]));

test.each(paths.filter((p) => p.method === 'POST' && !p.path.startsWith('/v1/public')))('$method $path answers bad input with a problem+json 400 naming a field', async ({ method, path }) => {
  const body = path === '/v1/elections' ? electionCall('c1') : bodyFor(path);
  expect(Object.keys(body as object).length).toBeGreaterThan(0);
  const res = await call(method, path, committee, spoiled(body));
  expect(res.statusCode).toBe(400);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.json().errors[0].field).toEqual(expect.any(String));
});

test.each(paths.filter((p) => p.method === 'GET' && url(p.path).includes('?')))('$method $path answers a malformed query with a problem+json 400', async ({ path }) => {
  const res = await h.get(url(path).replace(/=.*/, '=xyz'), committee);
  expect(res.statusCode).toBe(400);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
});

test('a region outside the caller’s scope is 404 for its turnout', async () => {
  const street = await h.token('street-official', ['s2']);
  expect((await h.get('/v1/regions/s1/election-turnout', street)).statusCode).toBe(404);
});

test('the public page answers without a token, 404 for an unknown election', async () => {
  expect((await h.get(`/v1/public/elections/${electionId}`)).statusCode).toBe(200);
  expect((await h.get('/v1/public/elections/nope')).statusCode).toBe(404);
});
