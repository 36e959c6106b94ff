import { badChecksum, idNumber, people } from '../application/people';
import { gridWorker, seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
let worker: string;
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  worker = await gridWorker(h, 'c1', 'worker-li');
});
afterAll(() => h.close());

const register = (members: unknown[], over: Record<string, unknown> = {}) =>
  h.post(
    '/v1/households',
    { gridId: h.regions.g1, address: '梅湾路12号', registration: 'urban', members, on: '2020-01-10', ...over },
    worker,
  );

describe('unknown query parameters: 400, never silently ignored', () => {
  it('an as-of read the route does not offer is refused rather than answered with today’s state', async () => {
    const { id } = (await register([people.fourth])).json();
    const res = await h.get(`/v1/households/${id}?asOf=2026-07-01`, worker);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'query.asOf', rule: 'unknown-parameter' })]);
  });

  it('a route with query parameters takes its own and refuses the others', async () => {
    const known = await h.get(`/v1/regions/${h.regions.c1}/children?includeClosed=true`, worker);
    const unknown = await h.get(`/v1/regions/${h.regions.c1}/children?includeClosed=true&includeClsed=true`, worker);
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ field: 'query.includeClsed', rule: 'unknown-parameter' })]);
  });
});

describe('free text: no control characters, bidi controls or lone surrogates; stored as NFC', () => {
  const official = () => h.token('district-official', ['*'], 'city-admin');
  const region = async (name: string) => h.post('/v1/regions', { parentId: h.regions.c1, level: 'grid', name, on: '2020-02-01' }, await official());
  const rejected = (res: { statusCode: number; json(): { errors: { field: string; rule: string }[] } }) => [
    res.statusCode,
    res.json().errors.map(({ field, rule }) => ({ field, rule })),
  ];

  it('a region name with NUL is 400 control-character', async () => {
    expect(rejected(await region('梅湾\u0000网格'))).toEqual([400, [{ field: 'name', rule: 'control-character' }]]);
  });

  it('a reason with a right-to-left override is 400 bidi-control', async () => {
    const res = await h.post(
      `/v1/regions/${h.regions.g2}/close`,
      { effectiveDate: '2020-06-01', reason: '区划调整\u202E批复' },
      await official(),
    );
    expect(rejected(res)).toEqual([400, [{ field: 'reason', rule: 'bidi-control' }]]);
  });

  it('a visit note with an unpaired surrogate is 400 unpaired-surrogate', async () => {
    const { id } = (await register([people.fifth])).json();
    const res = await h.post(`/v1/households/${id}/visits`, { visitedOn: '2020-02-01', kind: 'care', findings: ['all-well'], note: '血压\uD800偏高' }, worker);
    expect(rejected(res)).toEqual([400, [{ field: 'note', rule: 'unpaired-surrogate' }]]);
  });

  it('a name typed with a combining accent is stored composed (NFC)', async () => {
    const created = await region('Cafe\u0301 网格');
    expect(created.statusCode).toBe(201);
    const read = await h.get(`/v1/regions/${created.json().id}`, await official());
    expect(read.json().name).toBe('Caf\u00e9 网格');
  });
});

describe('request validation: 400 problem+json naming the field and the rule', () => {
  it('a mistyped 身份证 digit is id-checksum on that member’s idNumber', async () => {
    const res = await register([people.head, { ...people.spouse, idNumber: badChecksum(people.spouse.idNumber) }]);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'members.1.idNumber', rule: 'id-checksum' })]);
  });

  it('an impossible birth date inside the ID number is id-birth-date', async () => {
    const res = await register([{ ...people.head, idNumber: idNumber('43110319900230002') }]); // 30 February
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'members.0.idNumber', rule: 'id-birth-date' })]);
  });

  it('a birth date after today is id-birth-date too', async () => {
    const res = await register([{ ...people.head, idNumber: idNumber('43110321000101002') }]);
    expect(res.json().errors[0]).toMatchObject({ field: 'members.0.idNumber', rule: 'id-birth-date' });
  });

  it('an unknown relation is named', async () => {
    const res = await register([{ ...people.head, relation: 'cousin' }]);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'members.0.relation', rule: 'invalid_value' });
  });

  it('an impossible effective date is named', async () => {
    const res = await register([people.head], { on: '2020-02-30' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('on');
  });

  it('never echoes the ID number it refused', async () => {
    const wrong = badChecksum(people.spouse.idNumber);
    const res = await register([{ ...people.spouse, idNumber: wrong }]);
    expect(res.body).not.toContain(wrong);
  });

  it('a reveal without a reason is 400 on query.reason', async () => {
    const auditor = await h.token('auditor', ['*']);
    const res = await h.get('/v1/households/any?reveal=true', auditor);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'query.reason', rule: 'reason-required' });
  });
});

describe('domain rules: 422 naming the rule', () => {
  it('a household needs exactly one head', async () => {
    const res = await register([{ ...people.head, relation: 'spouse' }]);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'members', rule: 'one-head' });
  });

  it('the same person twice in one household is duplicate-id', async () => {
    const res = await register([people.head, { ...people.head, relation: 'spouse' }]);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'members.1', rule: 'duplicate-id' });
  });

  it('households live in grids, not in communities', async () => {
    const res = await register([people.head], { gridId: h.regions.c1 });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'gridId', rule: 'not-a-grid' });
  });
});
