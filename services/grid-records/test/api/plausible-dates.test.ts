import { people } from '../application/people';
import { gridWorker, seedRegions, startHarness, type Harness } from './harness';

// The test tree's nodes are set up on 2020-01-01; the service's today is the real one, with the default 31-day lead.
let h: Harness;
let worker: string;
let official: string;
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  worker = await gridWorker(h, 'c1', 'worker-li');
  official = await h.token('district-official', ['*'], 'city-admin');
});
afterAll(() => h.close());

const household = (on: string, members: unknown[] = [people.head]) => ({
  gridId: h.regions.g1,
  address: '梅湾路12号3栋201',
  registration: 'urban',
  members,
  on,
});

const refusal = (res: { statusCode: number; json(): unknown }) => ({
  status: res.statusCode,
  errors: (res.json() as { errors: { field: string; rule: string }[] }).errors.map(({ field, rule }) => ({ field, rule })),
});

describe('implausible dates are refused through the API, naming field and rule', () => {
  it('a registration on 2100-12-31 is 422 date-beyond-lead on `on`', async () => {
    const res = await h.post('/v1/households', household('2100-12-31'), worker);
    expect(refusal(res)).toEqual({ status: 422, errors: [{ field: 'on', rule: 'date-beyond-lead' }] });
  });

  it('a registration before the grid was set up is 422 before-region-opened', async () => {
    const res = await h.post('/v1/households', household('2000-01-01'), worker);
    expect(refusal(res)).toEqual({ status: 422, errors: [{ field: 'on', rule: 'before-region-opened' }] });
  });

  it('a visit on 2100-12-31 is 422 date-in-future on `visitedOn`, and nothing is stored', async () => {
    const registered = await h.post('/v1/households', household('2020-03-01', [people.other]), worker);
    expect(registered.statusCode).toBe(201);
    const { id } = registered.json();
    const res = await h.post(
      `/v1/households/${id}/visits`,
      { personIds: [], visitedOn: '2100-12-31', kind: 'care', findings: ['all-well'] },
      worker,
    );
    expect(refusal(res)).toEqual({ status: 422, errors: [{ field: 'visitedOn', rule: 'date-in-future' }] });
    expect((await h.get(`/v1/households/${id}`, worker)).headers.etag).toBe('"0"');
  });

  it('region nodes on 9999-12-31 and 0000-01-01 are refused', async () => {
    const late = await h.post('/v1/regions', { parentId: null, level: 'district', name: '远期区', on: '9999-12-31' }, official);
    const early = await h.post('/v1/regions', { parentId: null, level: 'district', name: '远古区', on: '0000-01-01' }, official);
    expect([refusal(late), refusal(early)]).toEqual([
      { status: 422, errors: [{ field: 'on', rule: 'date-beyond-lead' }] },
      { status: 422, errors: [{ field: 'on', rule: 'date-before-records' }] },
    ]);
  });
});
