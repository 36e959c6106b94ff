import { people } from '../application/people';
import { gridWorker, seedRegions, startHarness, type Harness } from './harness';

// A grid worker's clear view rests on the grid's roster, not on the token's scope alone.
let h: Harness;
let official: string;
let hid: string;
let microHid: string;
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  official = await h.token('community-official', [h.regions.c1!], 'community-zhang');
  const registrar = await gridWorker(h, 'c1', 'worker-li');
  hid = (
    await h.post(
      '/v1/households',
      { gridId: h.regions.g1, address: '梅湾路12号3栋201', registration: 'urban', members: [people.head, people.spouse], on: '2020-01-10' },
      registrar,
    )
  ).json().id;
  const micro = await h.post('/v1/regions', { parentId: h.regions.g1, level: 'micro-grid', name: '一号微网格', on: '2020-01-01' }, official);
  h.regions.m1 = micro.json().id;
  microHid = (
    await h.post(
      '/v1/households',
      { gridId: h.regions.m1, address: '梅湾路14号', registration: 'urban', members: [people.other], on: '2020-01-10' },
      registrar,
    )
  ).json().id;
});
afterAll(() => h.close());

const assign = (grid: string, workerId: string, from = '2020-01-01') =>
  h.post(`/v1/grids/${h.regions[grid]}/workers`, { workerId, from }, official);
const end = (grid: string, workerId: string, until: string, token = official) =>
  h.post(`/v1/grids/${h.regions[grid]}/workers/${workerId}/end`, { until }, token);

/** What a worker sees of the g1 household on every read that shows personal data. */
async function seen(token: string) {
  const household = (await h.get(`/v1/households/${hid}`, token)).json();
  const history = (await h.get(`/v1/households/${hid}/history`, token)).json();
  const list = (await h.get(`/v1/households?regionId=${h.regions.g1}`, token)).json();
  const visits = (await h.get(`/v1/households/${hid}/visits`, token)).json();
  const roster = (await h.get(`/v1/regions/${h.regions.g1}/payment-roster?month=2020-11`, token)).json();
  return {
    disclosures: [household.disclosure, history.disclosure, list.disclosure, visits.disclosure, roster.disclosure],
    text: JSON.stringify([household, history, list]),
  };
}

describe('a grid worker sees residents in clear only while on the grid’s roster', () => {
  it('a worker on the roster of the household’s grid sees them in clear', async () => {
    const { disclosures, text } = await seen(await gridWorker(h, 'g1', 'worker-on-g1'));
    expect(disclosures).toEqual(['clear', 'clear', 'clear', 'clear', 'clear']);
    expect(text).toContain(people.head.idNumber);
  });

  it('a worker whose token covers the grid but who is on no roster sees them masked', async () => {
    const { disclosures, text } = await seen(await h.token('grid-worker', [h.regions.g1!], 'worker-unassigned'));
    expect(disclosures).toEqual(['masked', 'masked', 'masked', 'masked', 'masked']);
    expect(text).not.toContain(people.head.idNumber);
    expect(text).not.toContain(people.head.name);
  });

  it('a worker on the roster of the other grid of the community sees this grid’s residents masked', async () => {
    expect((await assign('g2', 'worker-g2')).statusCode).toBe(200);
    const { disclosures } = await seen(await h.token('grid-worker', [h.regions.c1!], 'worker-g2'));
    expect(disclosures).toEqual(['masked', 'masked', 'masked', 'masked', 'masked']);
  });

  it('a list over grids the worker serves only in part is masked', async () => {
    const partly = await h.token('grid-worker', [h.regions.c1!], 'worker-on-g1');
    expect((await h.get(`/v1/households?regionId=${h.regions.c1}`, partly)).json().disclosure).toBe('masked');
  });

  it('a worker whose assignment ended sees them masked from the day after the last day', async () => {
    const token = await gridWorker(h, 'g1', 'worker-leaving');
    expect((await seen(token)).disclosures[0]).toBe('clear');
    const ended = await end('g1', 'worker-leaving', '2021-06-30');
    expect(ended.statusCode).toBe(200);
    expect((await h.get(`/v1/regions/${h.regions.g1}`, official)).json().workers).toContainEqual({
      workerId: 'worker-leaving',
      from: '2020-01-01',
      until: '2021-06-30',
    });
    const { disclosures, text } = await seen(token);
    expect(disclosures).toEqual(['masked', 'masked', 'masked', 'masked', 'masked']);
    expect(text).not.toContain(people.head.idNumber);
  });

  it('a worker assigned only from a later date sees them masked until then', async () => {
    expect((await assign('g1', 'worker-next-year', '2099-01-01')).statusCode).toBeGreaterThanOrEqual(400); // beyond the planning lead
    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    expect((await assign('g1', 'worker-soon', soon)).statusCode).toBe(200);
    expect((await seen(await h.token('grid-worker', [h.regions.g1!], 'worker-soon'))).disclosures[0]).toBe('masked');
  });

  it('the grid’s worker sees the households of its micro-grids in clear; the micro-grid’s worker only its own', async () => {
    const gridToken = await h.token('grid-worker', [h.regions.g1!], 'worker-on-g1');
    expect((await h.get(`/v1/households/${microHid}`, gridToken)).json().disclosure).toBe('clear');
    expect((await assign('m1', 'worker-m1')).statusCode).toBe(200);
    const microToken = await h.token('grid-worker', [h.regions.g1!], 'worker-m1');
    expect((await h.get(`/v1/households/${microHid}`, microToken)).json().disclosure).toBe('clear');
    expect((await h.get(`/v1/households/${hid}`, microToken)).json().disclosure).toBe('masked');
  });
});

describe('POST /v1/grids/{gridId}/workers/{workerId}/end', () => {
  it('refuses to end an assignment the worker does not hold on that day, naming the rule', async () => {
    const res = await end('g1', 'nobody-here', '2021-06-30');
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors[0]).toMatchObject({ field: 'workerId', rule: 'not-assigned' });
    const before = await end('g1', 'worker-on-g1', '2019-12-31');
    expect(before.json().errors[0]).toMatchObject({ rule: 'not-assigned' });
  });

  it('refuses a date that is not a date, naming the field', async () => {
    const res = await end('g1', 'worker-on-g1', '2021-02-30');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'until' });
  });

  it('is for officials of the grid: a grid worker is refused (403), an official elsewhere gets 404', async () => {
    const worker = await h.token('grid-worker', [h.regions.g1!], 'worker-on-g1');
    expect((await end('g1', 'worker-on-g1', '2021-06-30', worker)).statusCode).toBe(403);
    const far = await h.token('community-official', [h.regions.c2!], 'community-sun');
    expect((await end('g1', 'worker-on-g1', '2021-06-30', far)).statusCode).toBe(404);
    expect((await seen(worker)).disclosures[0]).toBe('clear');
  });
});
