// 信息更正 over HTTP, and one person, one household under racing requests on the real service (SQLite).
import { badChecksum, idNumber, people } from '../application/people';
import { communityTokens, seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
// grid worker of community c1 (grids g1, g2), of g3 only; 社区 c1 and c2 officials; an auditor
let worker: string, farWorker: string, community: string, farOfficial: string, auditor: string;
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  ({ worker, farWorker, community, farOfficial, auditor } = await communityTokens(h));
});
afterAll(() => h.close());

const register = async (gridId: string, members: unknown[], token = worker) => {
  const res = await h.post('/v1/households', { gridId, address: '梅湾路12号', registration: 'urban', members, on: '2020-01-10' }, token);
  if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`);
  const id = res.json().id as string;
  const personIds = ((await h.get(`/v1/households/${id}`, token)).json().members as { personId: string }[]).map((m) => m.personId);
  return { id, personIds };
};
const correct = (personId: string, body: unknown, token = worker) => h.post(`/v1/residents/${personId}/corrections`, body, token);

/** A valid 身份证 number per n: born 1970-05-05, sequence n. */
const nth = (n: number): string => idNumber(`43110319700505${String(n).padStart(3, '0')}`);

describe('POST /v1/residents/{id}/corrections', () => {
  it('corrects a phone number at once; the household shows it', async () => {
    const { id, personIds } = await register(h.regions.g1!, [{ ...people.head, idNumber: nth(1) }]);
    const res = await correct(personIds[0]!, { phone: '13900000001', reason: '本人更换号码' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, revision: 1, state: 'applied' });
    expect(res.headers.etag).toBe('"1"');
    expect((await h.get(`/v1/households/${id}`, worker)).json().members[0].phone).toBe('13900000001');
  });

  it('a mistyped ID number is a 400 problem naming the field and the rule', async () => {
    const { personIds } = await register(h.regions.g1!, [{ ...people.head, idNumber: nth(2) }]);
    const res = await correct(personIds[0]!, { idNumber: badChecksum(nth(3)), reason: 'r' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'idNumber', rule: 'id-checksum' })]);
  });

  it('a body correcting nothing is a 400; values already recorded are 422 no-change', async () => {
    const { personIds } = await register(h.regions.g1!, [{ ...people.head, idNumber: nth(4) }]);
    const empty = await correct(personIds[0]!, { reason: 'r' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0]).toMatchObject({ rule: 'nothing-to-correct' });
    const same = await correct(personIds[0]!, { name: people.head.name, idNumber: nth(4), reason: 'r' });
    expect(same.statusCode).toBe(422);
    expect(same.json().errors[0]).toMatchObject({ rule: 'no-change' });
  });

  it('a resident outside the caller’s grids is 404, as if missing', async () => {
    const { personIds } = await register(h.regions.g1!, [{ ...people.head, idNumber: nth(5) }]);
    const res = await correct(personIds[0]!, { phone: '13900000002', reason: 'r' }, farWorker);
    const missing = await correct('p-nobody', { phone: '13900000002', reason: 'r' }, farWorker);
    expect([res.statusCode, missing.statusCode]).toEqual([404, 404]);
    expect(res.json().detail).toBe(missing.json().detail);
  });

  it('an ID number registered in another household is 409, naming it only inside the caller’s scope', async () => {
    const other = await register(h.regions.g2!, [{ ...people.other, idNumber: nth(6) }]);
    const mine = await register(h.regions.g1!, [{ ...people.head, idNumber: nth(7) }]);
    const res = await correct(mine.personIds[0]!, { idNumber: nth(6), reason: 'r' });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0]).toMatchObject({ field: 'idNumber', rule: 'registered-elsewhere' });
    expect(res.headers.link).toBe(`</v1/households/${other.id}>; rel="related"`);

    const far = await register(h.regions.g3!, [{ ...people.third, idNumber: nth(8) }], farWorker);
    const hidden = await correct(far.personIds[0]!, { idNumber: nth(6), reason: 'r' }, farWorker);
    expect(hidden.statusCode).toBe(409);
    expect(hidden.body).not.toContain(other.id);
  });
});

describe('a name or ID number correction waits for an official', () => {
  it('the grid worker asks, a community official confirms; the household and its history show it, masked by role', async () => {
    const { id, personIds } = await register(h.regions.g1!, [{ ...people.head, idNumber: nth(10) }]);
    const asked = await correct(personIds[0]!, { idNumber: nth(11), name: '王秀芳', reason: '登记时录入错误', evidence: '户口簿第1页' });
    expect(asked.statusCode).toBe(200);
    expect(asked.json()).toMatchObject({ state: 'pending' });
    const { correctionId } = asked.json();

    const listed = await h.get(`/v1/residents/${personIds[0]}/corrections`, community);
    expect(listed.json().items).toEqual([
      expect.objectContaining({
        correctionId,
        fields: ['name', 'idNumber'],
        reason: '登记时录入错误',
        requestedBy: { id: 'worker-li', role: 'grid-worker' },
      }),
    ]);
    const byWorker = await h.post(`/v1/residents/${personIds[0]}/corrections/${correctionId}/confirmation`, {}, worker);
    expect(byWorker.statusCode).toBe(403);
    const byFar = await h.post(`/v1/residents/${personIds[0]}/corrections/${correctionId}/confirmation`, {}, farOfficial);
    expect(byFar.statusCode).toBe(404);

    const confirmed = await h.post(`/v1/residents/${personIds[0]}/corrections/${correctionId}/confirmation`, {}, community);
    expect(confirmed.statusCode).toBe(200);
    expect((await h.get(`/v1/households/${id}`, worker)).json().members[0]).toMatchObject({
      name: '王秀芳',
      idNumber: nth(11),
      birthDate: '1970-05-05',
    });

    const history = async (token: string) => (await h.get(`/v1/households/${id}/history`, token)).json().events.at(-1).shown;
    expect(await history(worker)).toMatchObject({
      corrected: { name: '王秀芳', idNumber: nth(11) },
      evidence: '户口簿第1页',
      correctionId,
    });
    const masked = await history(auditor);
    expect(masked.corrected.name).toBe('王**');
    expect(masked.corrected.idNumber).not.toContain(nth(11).slice(6, 14));
    expect(masked.evidence).toBe('***');
    expect(JSON.stringify(masked)).not.toContain('户口簿');
  });

  it('an official turns it down with a reason; nothing changes', async () => {
    const { personIds } = await register(h.regions.g1!, [{ ...people.head, idNumber: nth(12) }]);
    const { correctionId } = (await correct(personIds[0]!, { name: '王秀芳', reason: 'r' })).json();
    const res = await h.post(`/v1/residents/${personIds[0]}/corrections/${correctionId}/rejection`, { reason: '证明材料不符' }, community);
    expect(res.statusCode).toBe(200);
    expect((await h.get(`/v1/residents/${personIds[0]}/corrections`, worker)).json().items).toEqual([]);
  });
});

describe('one person, one household under racing requests', () => {
  it('two registrations of the same person sent together: one 201, one 409, every time', async () => {
    for (let n = 100; n < 110; n += 1) {
      const body = (gridId: string) => ({
        gridId,
        address: 'x',
        registration: 'urban',
        members: [{ ...people.head, idNumber: nth(n) }],
        on: '2020-01-10',
      });
      const results = await Promise.all([
        h.post('/v1/households', body(h.regions.g1!), worker),
        h.post('/v1/households', body(h.regions.g2!), worker),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    }
  });
});
