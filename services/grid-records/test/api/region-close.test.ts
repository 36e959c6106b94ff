import { people } from '../application/people';
import { gridWorker, seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
let city: string; // district official, city-wide
let street: string; // street official of s1
let worker: string; // grid worker of the whole test district
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  city = await h.token('district-official', ['*'], 'city-admin');
  street = await h.token('street-official', [h.regions.s1!], 'street-s1');
  worker = await gridWorker(h, 'd1', 'worker-li');
});
afterAll(() => h.close());

const close = (regionId: string, body: Record<string, unknown>, token = street, headers: Record<string, string> = {}) =>
  h.post(`/v1/regions/${regionId}/close`, body, token, headers);
const reason = '区划调整: 网格合并';

/** A fresh grid under community c1, so each test closes its own. */
async function newGrid(name: string): Promise<string> {
  const res = await h.post('/v1/regions', { parentId: h.regions.c1, level: 'grid', name, on: '2020-01-01' }, street);
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

describe('撤销/合并: closing a region node', () => {
  it('a grid where a household is still registered answers 409, naming the rule and how many', async () => {
    const grid = await newGrid('有户网格');
    expect((await h.post(`/v1/grids/${grid}/workers`, { workerId: 'worker-li', from: '2020-01-01' }, street)).statusCode).toBe(200);
    const registered = await h.post(
      '/v1/households',
      { gridId: grid, address: '梅湾路1号', registration: 'urban', members: [people.head], on: '2020-02-01' },
      worker,
    );
    expect(registered.statusCode).toBe(201);
    const res = await close(grid, { effectiveDate: '2021-01-01', reason });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors[0]).toMatchObject({ rule: 'has-households', message: expect.stringMatching(/^1 household/) });
  });

  it('a community with open grids answers 409 has-children', async () => {
    const res = await close(h.regions.c1!, { effectiveDate: '2021-01-01', reason });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].rule).toBe('has-children');
  });

  it('an empty grid closes: 200 with its revision; the node reads closed, its workers end the day before', async () => {
    const grid = await newGrid('空网格');
    expect((await h.post(`/v1/grids/${grid}/workers`, { workerId: 'worker-zhou', from: '2020-03-01' }, street)).statusCode).toBe(200);
    const res = await close(grid, { effectiveDate: '2021-01-01', reason }, street, { 'if-match': '"0"', 'idempotency-key': 'close-1' });
    expect([res.statusCode, res.json()]).toEqual([200, { id: grid, revision: 1 }]);
    expect(res.headers.etag).toBe('"1"');
    const node = (await h.get(`/v1/regions/${grid}`, street)).json();
    expect(node).toMatchObject({ status: 'closed', closedOn: '2021-01-01', closeReason: reason, revision: 1 });
    expect(node.workers).toEqual([{ workerId: 'worker-zhou', from: '2020-03-01', until: '2020-12-31' }]);
  });

  it('a closed grid leaves the children list unless includeClosed=true', async () => {
    const grid = await newGrid('将撤销网格');
    expect((await close(grid, { effectiveDate: '2021-01-01', reason })).statusCode).toBe(200);
    const ids = async (query: string) =>
      ((await h.get(`/v1/regions/${h.regions.c1}/children${query}`, street)).json().items as { id: string }[]).map((i) => i.id);
    expect(await ids('')).not.toContain(grid);
    expect(await ids('?includeClosed=true')).toContain(grid);
    const listed = (await h.get(`/v1/regions/${h.regions.c1}/children?includeClosed=true`, street)).json().items;
    expect(listed.find((i: { id: string }) => i.id === grid)).toMatchObject({ status: 'closed', closedOn: '2021-01-01' });
  });

  it('a closed grid takes no household, by registration or transfer, no worker, no child, no rename', async () => {
    const grid = await newGrid('已撤销网格');
    expect((await close(grid, { effectiveDate: '2021-01-01', reason })).statusCode).toBe(200);
    const register = await h.post(
      '/v1/households',
      { gridId: grid, address: '梅湾路2号', registration: 'urban', members: [people.other], on: '2021-02-01' },
      worker,
    );
    expect(register.statusCode).toBe(422);
    expect(register.json().errors[0]).toMatchObject({ rule: 'grid-closed', field: 'gridId' });
    const hid = (
      await h.post(
        '/v1/households',
        { gridId: h.regions.g2, address: '梅湾路3号', registration: 'urban', members: [people.third], on: '2020-02-01' },
        worker,
      )
    ).json().id;
    const transfer = await h.post(`/v1/households/${hid}/transfer`, { toGridId: grid, on: '2021-02-01' }, worker);
    expect(transfer.json().errors[0]).toMatchObject({ rule: 'grid-closed', field: 'toGridId' });
    const assign = await h.post(`/v1/grids/${grid}/workers`, { workerId: 'worker-wu', from: '2021-02-01' }, street);
    expect(assign.json().errors[0].rule).toBe('parent-closed');
    const child = await h.post('/v1/regions', { parentId: grid, level: 'micro-grid', name: '微网格', on: '2021-02-01' }, street);
    expect(child.json().errors[0]).toMatchObject({ rule: 'parent-closed', field: 'parentId' });
    const rename = await h.post(`/v1/regions/${grid}/rename`, { name: '新名', on: '2021-02-01' }, street);
    expect([rename.statusCode, rename.json().errors[0].rule]).toEqual([422, 'region-closed']);
  });

  it('a closed building of an open grid takes no household either', async () => {
    const grid = await newGrid('有楼网格');
    expect((await h.post(`/v1/grids/${grid}/workers`, { workerId: 'worker-li', from: '2020-01-01' }, street)).statusCode).toBe(200);
    const micro = await h.post('/v1/regions', { parentId: grid, level: 'micro-grid', name: '一号微网格', on: '2020-01-01' }, street);
    const building = await h.post('/v1/regions', { parentId: micro.json().id, level: 'building', name: '3栋', on: '2020-01-01' }, street);
    expect([micro.statusCode, building.statusCode]).toEqual([201, 201]);
    expect((await close(building.json().id, { effectiveDate: '2021-01-01', reason })).statusCode).toBe(200);
    const register = await h.post(
      '/v1/households',
      { gridId: grid, buildingId: building.json().id, address: '梅湾路5号3栋', registration: 'urban', members: [people.other], on: '2021-02-01' },
      worker,
    );
    expect(register.statusCode).toBe(422);
    expect(register.json().errors[0]).toMatchObject({ rule: 'building-closed', field: 'buildingId' });
  });

  it('closing again on the same date answers the same revision; another date is refused', async () => {
    const grid = await newGrid('重复撤销');
    expect((await close(grid, { effectiveDate: '2021-01-01', reason })).json()).toEqual({ id: grid, revision: 1 });
    expect((await close(grid, { effectiveDate: '2021-01-01', reason })).json()).toEqual({ id: grid, revision: 1 });
    const other = await close(grid, { effectiveDate: '2021-03-01', reason });
    expect([other.statusCode, other.json().errors[0].rule]).toEqual([422, 'region-closed']);
  });

  it('a node outside the caller’s scope is 404, like a missing one', async () => {
    const res = await close(h.regions.g3!, { effectiveDate: '2021-01-01', reason });
    expect(res.statusCode).toBe(404);
    expect((await close('no-such-node', { effectiveDate: '2021-01-01', reason })).statusCode).toBe(404);
  });

  it('a missing reason is 400 naming the field', async () => {
    const res = await close(h.regions.g2!, { effectiveDate: '2021-01-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'reason' });
  });

  it('a street official does not close their street, nobody closes a district here, a community official not at all', async () => {
    expect((await close(h.regions.s1!, { effectiveDate: '2021-01-01', reason })).statusCode).toBe(403);
    const root = await close(h.regions.d1!, { effectiveDate: '2021-01-01', reason }, city);
    expect([root.statusCode, root.json().errors[0].rule]).toEqual([422, 'district-root']);
    const community = await h.token('community-official', [h.regions.c1!], 'community-c1');
    expect((await close(h.regions.g2!, { effectiveDate: '2021-01-01', reason }, community)).statusCode).toBe(403);
  });

  it('a merge names a node of the same level', async () => {
    const grid = await newGrid('并入网格');
    const res = await close(grid, { effectiveDate: '2021-01-01', reason, mergedInto: h.regions.c1 });
    expect(res.json().errors[0]).toMatchObject({ rule: 'merge-target-level', field: 'mergedInto' });
    expect((await close(grid, { effectiveDate: '2021-01-01', reason, mergedInto: h.regions.g1 })).statusCode).toBe(200);
    expect((await h.get(`/v1/regions/${grid}`, street)).json().mergedInto).toBe(h.regions.g1);
  });
});
