// Every route: 401 without a token (the public pages aside), 404 for another organisation's staff and for officials
// outside the organisation's region, read from the checked-in OpenAPI document so a new route cannot be left out.
import { readFileSync } from 'node:fs';
import { OPENAPI_FILE } from '../../src/tools/write-openapi';
import { money, startWorld, type World } from './world';

const paths = Object.entries(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')).paths as Record<string, Record<string, unknown>>)
  .filter(([path]) => path.startsWith('/v1/'))
  .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));

const on = '2020-04-01';
/** A body each write accepts as input, so the answer is about scope, not validation. */
const BODIES: Record<string, unknown> = {
  '/v1/organisations': { name: '某基金会', form: 'foundation', creditCode: '51431103MJJ000000B', regionId: 'd1', registeredOn: '2015-01-01', on },
  qualification: { certificateRef: 'X-1', validFrom: '2020-01-01', on },
  '/v1/campaigns': { organisationId: '{organisationId}', name: '99公益日', kind: 'giving-day-99', public: true, from: '2020-09-07', to: '2020-09-09', purpose: 'poverty-relief', fundId: '{fundId}', on },
  donations: { donor: { kind: 'anonymous' }, gift: money(100), on },
  void: { reason: '重开', on },
  reissue: { reason: '重开', on },
  pledges: { donor: { kind: 'anonymous' }, basis: { kind: 'fixed', amountFen: 100 }, on },
  cancel: { reason: '撤销', on },
  '/v1/funds': { organisationId: '{organisationId}', name: '另一基金', on },
  allocations: { recipient: { kind: 'household', householdId: 'h1' }, purpose: 'poverty-relief', amountFen: 100, on },
  uses: { amountFen: 1, evidenceRef: '签收单', on },
  'goods-issues': { itemKey: 'rice', quantity: 1, to: { kind: 'charity-supermarket', supermarketId: 'cs-1' }, evidenceRef: '出库单', on },
  disclosures: { kind: 'periodic', coversTo: on, reportRef: '公示-1', on },
};

let w: World;
let ids: Record<string, string>;
beforeAll(async () => {
  w = await startWorld();
  const donation = (await w.h.post(`/v1/campaigns/${w.campaignId}/donations`, { donor: { kind: 'anonymous' }, gift: money(10_000), on }, w.tokens.staff)).json();
  const allocation = (await w.h.post(`/v1/funds/${w.fundId}/allocations`, { recipient: { kind: 'project', projectId: 'p1' }, purpose: 'poverty-relief', amountFen: 1_000, on }, w.tokens.staff)).json();
  ids = { organisationId: w.organisationId, campaignId: w.campaignId, fundId: w.fundId, donationId: donation.id, allocationId: allocation.id, householdId: 'h1', projectId: 'p1' };
});
afterAll(() => w.h.close());

const url = (path: string) => path.replace(/\{(\w+)\}/g, (_, k: string) => ids[k] ?? k) + (path.endsWith('/indicators') ? '?year=2020' : '');
const bodyFor = (path: string) => JSON.parse(JSON.stringify(BODIES[path] ?? Object.entries(BODIES).find(([suffix]) => path.endsWith(suffix))?.[1] ?? {}).replace(/\{(\w+)\}/g, (_, k: string) => ids[k] ?? k));
const call = (method: string, path: string, token?: string) => (method === 'GET' ? w.h.get(url(path), token) : w.h.post(url(path), bodyFor(path), token));

describe('every route', () => {
  it.each(paths)('$method $path needs a token unless it is a public page', async ({ method, path }) => {
    const res = await call(method, path);
    expect(res.statusCode).toBe(path.startsWith('/v1/public/') ? 200 : 401);
  });

  const scoped = paths.filter(({ path }) => !path.startsWith('/v1/public/') && /\{(organisationId|campaignId|fundId|donationId|allocationId)\}/.test(path));
  it.each(scoped)('$method $path is 404 for another organisation’s staff and for officials of another district', async ({ method, path }) => {
    const registrarsOnly = path.endsWith('/qualification');
    const staffOnly = method === 'POST' && !registrarsOnly;
    // A role that may not call the route at all is 403 before scope is looked at.
    expect((await call(method, path, w.tokens.otherStaff)).statusCode).toBe(registrarsOnly ? 403 : 404);
    const far = await call(method, path, w.tokens.farDistrict);
    expect(far.statusCode).toBe(staffOnly ? 403 : 404);
    expect(far.headers['content-type']).toContain('application/problem+json');
  });

  const writes = paths.filter(({ method }) => method === 'POST');
  it.each(writes)('$method $path answers a malformed body with 400 problem+json naming the field, never 5xx', async ({ path }) => {
    const token = path === '/v1/organisations' || path.endsWith('/qualification') ? w.tokens.district : w.tokens.staff;
    const res = await w.h.post(url(path), { on: 'yesterday', amountFen: -1 }, token);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(/^on$|^body\.on$|on$/), rule: expect.any(String) })]));
  });

  it('the household trace is 404 for an official of another district', async () => {
    expect((await w.h.get('/v1/trace/households/h1', w.tokens.farDistrict)).statusCode).toBe(404);
    expect((await w.h.get('/v1/trace/households/h1', w.tokens.district)).statusCode).toBe(200);
  });

  it('refuses unknown query parameters', async () => {
    const res = await w.h.get(`/v1/organisations/${w.organisationId}/indicators?year=2020&asOf=2020-01-01`, w.tokens.district);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'query.asOf', rule: 'unknown-parameter' })]);
  });
});
