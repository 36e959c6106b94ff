// 户籍与居住 and 剥夺/恢复政治权利 over HTTP: facts on the household's stream for elections' rolls (村民委员会组织法 第十三条).
import { people } from '../application/people';
import { household, tokensFor, type Tokens } from './assistance-steps';
import { seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
let t: Tokens;
let hh: { id: string; person: (relation: string) => string };
const judgment = { from: '2025-06-01', until: '2028-06-01', legalSource: '刑法 第五十四条', courtReference: '(2025)湘1103刑初88号', on: '2026-03-01' };

beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  t = await tokensFor(h);
  hh = await household(h, t.worker, h.regions.g1!, [people.head, people.spouse]);
});
afterAll(() => h.close());

describe('POST /v1/residents/{id}/residence', () => {
  const body = { hukou: 'here', living: 'away', since: '2024-02-01', on: '2026-03-01' };

  it('records where the 户籍 is and where the resident lives, on the household’s stream', async () => {
    expect((await h.post(`/v1/residents/${hh.person('spouse')}/residence`, body, t.worker)).statusCode).toBe(200);
    const stream = await h.infra.store.readStream(`household-${hh.id}`);
    expect(stream.at(-1)).toMatchObject({ type: 'grid-records.resident.residence-recorded', data: { personId: hh.person('spouse'), hukou: 'here', living: 'away', since: '2024-02-01' } });
  });

  it('answers bad input with problem+json naming the field', async () => {
    const res = await h.post(`/v1/residents/${hh.person('spouse')}/residence`, { ...body, living: 'abroad' }, t.worker);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(res.json())).toContain('living');
  });

  it('needs a token, and is 404 outside the caller’s scope', async () => {
    expect((await h.post(`/v1/residents/${hh.person('spouse')}/residence`, body)).statusCode).toBe(401);
    const far = await h.token('community-official', [h.regions.c2!], 'community-sun');
    expect((await h.post(`/v1/residents/${hh.person('spouse')}/political-rights/deprivation`, judgment, far)).statusCode).toBe(404);
    expect((await h.post('/v1/residents/nobody/residence', body, t.worker)).statusCode).toBe(404);
  });
});

describe('POST /v1/residents/{id}/political-rights/…', () => {
  it('an official records the deprivation and its restoration; a grid worker may not', async () => {
    const head = hh.person('head');
    expect((await h.post(`/v1/residents/${head}/political-rights/deprivation`, judgment, t.worker)).statusCode).toBe(403);
    expect((await h.post(`/v1/residents/${head}/political-rights/deprivation`, judgment, t.street)).statusCode).toBe(200);
    const again = await h.post(`/v1/residents/${head}/political-rights/deprivation`, judgment, t.street);
    expect(again.statusCode).toBe(422);
    expect(again.json().errors[0].rule).toBe('already-deprived');
    const restored = { legalSource: '刑法 第五十八条', reference: '湘1103执字12号', on: '2028-06-01' };
    expect((await h.post(`/v1/residents/${head}/political-rights/restoration`, restored, t.street)).statusCode).toBe(200);
  });

  it('refuses an ID number as the court reference', async () => {
    const res = await h.post(`/v1/residents/${hh.person('spouse')}/political-rights/deprivation`, { ...judgment, courtReference: '431103196509100011' }, t.street);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ rule: 'personal-data-in-reference', field: 'courtReference' });
  });
});
