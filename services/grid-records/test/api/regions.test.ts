import { people } from '../application/people';
import { gridWorker, seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
let city: string; // district official, city-wide
let street: string; // street official of s1
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  city = await h.token('district-official', ['*'], 'city-admin');
  street = await h.token('street-official', [h.regions.s1!], 'street-s1');
});
afterAll(() => h.close());

const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();

describe('the region tree', () => {
  it('reads a node with its ancestor path and its children', async () => {
    const res = await h.get(`/v1/regions/${h.regions.c1}`, street);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"0"');
    expect(res.json()).toMatchObject({ id: h.regions.c1, level: 'community', name: '测试c1', parentId: h.regions.s1, status: 'open' });
    expect(res.json().path.map((p: { id: string }) => p.id)).toEqual([h.regions.d1, h.regions.s1]);
    const children = await h.get(`/v1/regions/${h.regions.c1}/children`, street);
    expect(ids(children.json().items)).toEqual([h.regions.g1, h.regions.g2].sort());
  });

  it('creates a node under a parent in the official’s scope, with Location and ETag', async () => {
    const res = await h.post(
      '/v1/regions',
      { parentId: h.regions.g1, level: 'micro-grid', name: '一号微网格', code: 'MG-01', on: '2021-01-01' },
      street,
    );
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`/v1/regions/${res.json().id}`);
    expect((await h.get(res.headers.location as string, street)).json().path.map((p: { id: string }) => p.id)).toEqual([
      h.regions.d1,
      h.regions.s1,
      h.regions.c1,
      h.regions.g1,
    ]);
  });

  it('refuses a level skip by rule (a grid sits under a community)', async () => {
    const res = await h.post('/v1/regions', { parentId: h.regions.s1, level: 'grid', name: '网格', on: '2021-01-01' }, street);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'parentId', rule: 'level-skip' });
  });

  it('a district needs a city-wide scope; a parent outside scope is 404', async () => {
    expect((await h.post('/v1/regions', { parentId: null, level: 'district', name: '新区', on: '2021-01-01' }, street)).statusCode).toBe(
      403,
    );
    expect(
      (await h.post('/v1/regions', { parentId: h.regions.c2, level: 'grid', name: '网格', on: '2021-01-01' }, street)).statusCode,
    ).toBe(404);
  });

  it('renames with If-Match and answers 412 on a stale version', async () => {
    const first = await h.post(`/v1/regions/${h.regions.g2}/rename`, { name: '二号网格', on: '2021-02-01' }, street, { 'if-match': '"0"' });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"1"');
    const stale = await h.post(`/v1/regions/${h.regions.g2}/rename`, { name: '三号网格', on: '2021-02-02' }, street, { 'if-match': '"0"' });
    expect(stale.statusCode).toBe(412);
    expect((await h.get(`/v1/regions/${h.regions.g2}`, street)).json().name).toBe('二号网格');
  });

  it('assigns a grid worker to a grid', async () => {
    const res = await h.post(`/v1/grids/${h.regions.g1}/workers`, { workerId: 'worker-li', from: '2021-01-01' }, street);
    expect(res.statusCode).toBe(200);
    expect((await h.get(`/v1/regions/${h.regions.g1}`, street)).json().workers).toEqual([
      { workerId: 'worker-li', from: '2021-01-01', until: null },
    ]);
    const overlap = await h.post(`/v1/grids/${h.regions.g1}/workers`, { workerId: 'worker-li', from: '2021-06-01' }, street);
    expect(overlap.json().errors[0].rule).toBe('assignment-overlaps');
  });
});

describe('区划调整: a merge moves a community and everything under it', () => {
  it('rewrites the paths below, so scopes and lists follow the new tree', async () => {
    const worker = await gridWorker(h, 'g3', 'worker-zhao');
    const hid = (
      await h.post(
        '/v1/households',
        { gridId: h.regions.g3, address: '翠竹路8号', registration: 'urban', members: [people.head], on: '2020-01-10' },
        worker,
      )
    ).json().id;
    expect((await h.get(`/v1/households/${hid}`, street)).statusCode).toBe(404); // c2 is in s2, outside s1
    const moved = await h.post(`/v1/regions/${h.regions.c2}/move`, { toParentId: h.regions.s1, change: 'merge', on: '2021-03-01' }, city);
    expect(moved.statusCode).toBe(200);
    const grid = (await h.get(`/v1/regions/${h.regions.g3}`, street)).json();
    expect(grid.path.map((p: { id: string }) => p.id)).toEqual([h.regions.d1, h.regions.s1, h.regions.c2]);
    expect((await h.get(`/v1/households/${hid}`, street)).json().regionPath.map((p: { id: string }) => p.id)).toEqual([
      h.regions.d1,
      h.regions.s1,
      h.regions.c2,
      h.regions.g3,
    ]);
    expect((await h.get(`/v1/households?regionId=${h.regions.s1}`, street)).json().items.map((i: { id: string }) => i.id)).toContain(hid);
    expect((await h.get(`/v1/regions/${h.regions.s2}/children`, city)).json().items).toEqual([]);
  });
});
