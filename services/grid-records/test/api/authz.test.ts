import { people } from '../application/people';
import { gridWorker, problemShape, seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
let worker: string; // grid g1 only
let inside: string; // a household in g1
let outside: string; // a household in g3
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  worker = await gridWorker(h, 'g1', 'worker-g1');
  const far = await gridWorker(h, 'g3', 'worker-g3');
  const register = (gridId: string, member: object, token: string) =>
    h.post('/v1/households', { gridId, address: '某路1号', registration: 'urban', members: [member], on: '2020-01-10' }, token);
  inside = (await register(h.regions.g1!, people.head, worker)).json().id;
  outside = (await register(h.regions.g3!, people.other, far)).json().id;
});
afterAll(() => h.close());

describe('authentication', () => {
  it('answers 401 without a token, to reads and writes alike', async () => {
    expect((await h.get(`/v1/households/${inside}`)).statusCode).toBe(401);
    const write = await h.post('/v1/households', { gridId: h.regions.g1 }, undefined);
    expect(write.statusCode).toBe(401);
    expect(write.headers['www-authenticate']).toBe('Bearer realm="grid"');
  });
});

describe('roles', () => {
  it('answers 403 to an auditor who writes', async () => {
    const auditor = await h.token('auditor', [h.regions.d1!]);
    const res = await h.post(`/v1/households/${inside}/move-out`, { on: '2021-01-01' }, auditor);
    expect(res.statusCode).toBe(403);
    expect(res.json().errors[0].rule).toBe('role-not-allowed');
  });

  it('answers 403 to a grid worker who creates a region, and to an official who registers a household', async () => {
    const region = await h.post('/v1/regions', { parentId: h.regions.g1, level: 'micro-grid', name: '微网格', on: '2020-02-01' }, worker);
    expect(region.statusCode).toBe(403);
    const official = await h.token('community-official', [h.regions.c1!]);
    const household = await h.post(
      '/v1/households',
      { gridId: h.regions.g1, address: 'x', registration: 'urban', members: [people.third], on: '2020-01-10' },
      official,
    );
    expect(household.statusCode).toBe(403);
  });
});

describe('scope: outside is answered exactly like missing', () => {
  it('reads: a household outside the caller’s grids is 404 with the body of a missing one', async () => {
    const out = await h.get(`/v1/households/${outside}`, worker);
    const missing = await h.get('/v1/households/no-such-household', worker);
    expect(out.statusCode).toBe(404);
    expect(problemShape(out)).toEqual(problemShape(missing));
    expect(problemShape(await h.get(`/v1/households/${outside}/history`, worker))).toEqual(problemShape(missing));
  });

  it('writes: changing a household outside scope is 404 like a missing one, and writes nothing', async () => {
    const out = await h.post(`/v1/households/${outside}/move-out`, { on: '2021-01-01' }, worker);
    const missing = await h.post('/v1/households/no-such-household/move-out', { on: '2021-01-01' }, worker);
    expect(out.statusCode).toBe(404);
    expect(problemShape(out)).toEqual(problemShape(missing));
    expect(await h.infra.store.readStream(`household-${outside}`)).toHaveLength(1);
  });

  it('writes: registering into a grid outside scope is 404 like an unknown grid', async () => {
    const body = (gridId: string) => ({ gridId, address: 'x', registration: 'urban', members: [people.third], on: '2020-01-10' });
    const out = await h.post('/v1/households', body(h.regions.g3!), worker);
    const unknown = await h.post('/v1/households', body('no-such-grid'), worker);
    expect(out.statusCode).toBe(404);
    expect(problemShape(out)).toEqual(problemShape(unknown));
  });

  it('residents outside scope are 404 too', async () => {
    const personId = (await h.get(`/v1/households/${outside}`, await h.token('auditor', ['*']))).json().members[0].personId;
    const res = await h.post(`/v1/residents/${personId}/death`, { diedOn: '2021-01-01', evidence: 'other' }, worker);
    expect(res.statusCode).toBe(404);
  });

  it('lists only the caller’s scope, and a region outside it is 404', async () => {
    const mine = (await h.get('/v1/households', worker)).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual([inside]);
    expect(mine.total).toBe(1);
    expect((await h.get(`/v1/households?regionId=${h.regions.g3}`, worker)).statusCode).toBe(404);
    const district = (await h.get(`/v1/households?regionId=${h.regions.d1}`, await h.token('district-official', [h.regions.d1!]))).json();
    expect(district.total).toBe(2);
  });

  it('regions outside scope are 404, also their children', async () => {
    expect((await h.get(`/v1/regions/${h.regions.g1}`, worker)).statusCode).toBe(200);
    expect((await h.get(`/v1/regions/${h.regions.c1}`, worker)).statusCode).toBe(404);
    expect((await h.get(`/v1/regions/${h.regions.c1}/children`, worker)).statusCode).toBe(404);
  });
});
