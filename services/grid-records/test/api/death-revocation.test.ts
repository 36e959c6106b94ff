// 撤销死亡登记 over HTTP: who may revoke, what the resident and the ID number's reservation read afterwards.
import { idNumber, people } from '../application/people';
import { grant, household, tokensFor } from './assistance-steps';
import { communityTokens, seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
// grid worker of community c1 (grids g1, g2); 社区 c1 and c2 officials; an auditor
let worker: string, community: string, farOfficial: string, auditor: string;
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  ({ worker, community, farOfficial, auditor } = await communityTokens(h));
});
afterAll(() => h.close());

/** A valid 身份证 number per n: born 1960-03-03, sequence n. */
const nth = (n: number): string => idNumber(`43110319600303${String(n).padStart(3, '0')}`);

const register = async (members: unknown[]) => {
  const res = await h.post(
    '/v1/households',
    { gridId: h.regions.g1, address: '梅湾路8号', registration: 'urban', members, on: '2020-01-10' },
    worker,
  );
  if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`);
  const id = res.json().id as string;
  const shown = (await h.get(`/v1/households/${id}`, worker)).json().members as { personId: string; relation: string }[];
  return { id, personOf: (relation: string) => shown.find((m) => m.relation === relation)!.personId };
};
const revoke = (
  personId: string,
  token: string,
  body: unknown = { reason: '同名误报, 本人健在', evidence: '公安户籍核查 2021-021', on: '2021-03-01' },
) => h.post(`/v1/residents/${personId}/death/revocation`, body, token);
const member = async (id: string, personId: string) =>
  ((await h.get(`/v1/households/${id}`, worker)).json().members as { personId: string; diedOn: string | null }[]).find(
    (m) => m.personId === personId,
  )!;

describe('POST /v1/residents/{id}/death/revocation', () => {
  it('a community official revokes a wrongly recorded death: the resident reads as living again', async () => {
    const { id, personOf } = await register([
      { ...people.head, idNumber: nth(1) },
      { ...people.spouse, idNumber: nth(2) },
    ]);
    const spouse = personOf('spouse');
    expect((await h.post(`/v1/residents/${spouse}/death`, { diedOn: '2020-08-15', evidence: 'visit-report' }, worker)).statusCode).toBe(
      200,
    );
    expect((await member(id, spouse)).diedOn).toBe('2020-08-15');

    expect((await revoke(spouse, worker)).statusCode).toBe(403);
    expect((await revoke(spouse, farOfficial)).statusCode).toBe(404);
    const res = await revoke(spouse, community);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id });
    expect((await member(id, spouse)).diedOn).toBeNull();

    // the same request again is a no-op answering the current revision
    const again = await revoke(spouse, community);
    expect(again.statusCode).toBe(200);
    expect(again.json().revision).toBe(res.json().revision);

    // the history shows the revocation, its evidence by role
    const last = async (token: string) => (await h.get(`/v1/households/${id}/history`, token)).json().events.at(-1);
    const clear = await last(worker);
    expect(clear.envelope.type).toBe('grid-records.resident.death-revoked');
    expect(clear.shown).toMatchObject({ personId: spouse, diedOn: '2020-08-15', evidence: '公安户籍核查 2021-021', reopened: false });
    const masked = (await last(auditor)).shown;
    expect(masked.evidence).toBe('***');
    expect(JSON.stringify(masked)).not.toContain('公安');
  });

  it('revoking a living person’s death is 422 not-dead', async () => {
    const { personOf } = await register([{ ...people.head, idNumber: nth(3) }]);
    const res = await revoke(personOf('head'), community);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ rule: 'not-dead' });
  });

  it('a body without evidence is a 400', async () => {
    const { personOf } = await register([{ ...people.head, idNumber: nth(4) }]);
    const res = await revoke(personOf('head'), community, { reason: '误报' });
    expect(res.statusCode).toBe(400);
  });

  it('the death of the last member is revoked: the household is open again and the ID number binds as a living member’s', async () => {
    const { id, personOf } = await register([{ ...people.head, idNumber: nth(5) }]);
    const head = personOf('head');
    await h.post(`/v1/residents/${head}/death`, { diedOn: '2020-08-15', evidence: 'data-cross-check' }, worker);
    expect((await h.get(`/v1/households/${id}`, worker)).json().status).toBe('ended');
    const again = () =>
      h.post(
        '/v1/households',
        {
          gridId: h.regions.g2,
          address: '梅湾路9号',
          registration: 'urban',
          members: [{ ...people.head, idNumber: nth(5) }],
          on: '2021-04-01',
        },
        worker,
      );
    const whileDead = await again();
    expect(whileDead.statusCode).toBe(409);
    expect(whileDead.body).toContain('deceased');

    expect((await revoke(head, community)).statusCode).toBe(200);
    const shown = (await h.get(`/v1/households/${id}`, worker)).json();
    expect(shown).toMatchObject({ status: 'active', endedOn: null });
    const afterwards = await again();
    expect(afterwards.statusCode).toBe(409);
    expect(afterwards.body).not.toContain('deceased');
  });
});

describe('a household that has since moved out', () => {
  it('a death recorded before the move can be revoked: 200, and the person reads as living', async () => {
    const members = [
      { relation: 'head', name: '钟志强', idNumber: idNumber('43110319620808066') },
      { relation: 'spouse', name: '钟淑芬', idNumber: idNumber('43110319640909077') },
    ];
    const { id } = (
      await h.post(
        '/v1/households',
        { gridId: h.regions.g1, address: '梅湾路8号', registration: 'urban', members, on: '2020-01-10' },
        worker,
      )
    ).json();
    const spouse = ((await h.get(`/v1/households/${id}`, worker)).json().members as { personId: string; relation: string }[]).find(
      (m) => m.relation === 'spouse',
    )!.personId;
    expect((await h.post(`/v1/residents/${spouse}/death`, { diedOn: '2020-05-01', evidence: 'visit-report' }, worker)).statusCode).toBe(
      200,
    );
    expect((await h.post(`/v1/households/${id}/move-out`, { on: '2020-09-30' }, worker)).statusCode).toBe(200);
    const res = await revoke(spouse, community, { reason: '同名误报, 本人健在', evidence: '公安户籍核查 2021-088', on: '2021-03-01' });
    expect(res.statusCode).toBe(200);
    expect(await member(id, spouse)).toMatchObject({ diedOn: null });
  });
});

describe('statuses the death ended stay ended', () => {
  it('the payment roster after the revocation does not pay the subsidy until it is granted again', async () => {
    const t = await tokensFor(h);
    const hh = await household(h, t.worker, h.regions.g1!, [people.other]);
    const person = hh.person('head');
    const certified = await h.post(
      `/v1/residents/${person}/disability-certificate`,
      { kind: 'physical', grade: 1, certifiedOn: '2020-02-01' },
      t.worker,
    );
    expect(certified.statusCode).toBe(200);
    const care = await grant(h, t, hh.id, { program: 'disability-care', personId: person }, '2020-04-01');
    const roster = async (month: string) =>
      ((await h.get(`/v1/regions/${h.regions.d1}/payment-roster?month=${month}`, t.street)).json().lines as { caseId: string }[]).map(
        (l) => l.caseId,
      );
    expect(await roster('2020-07')).toContain(care);
    expect((await h.post(`/v1/residents/${person}/death`, { diedOn: '2020-08-15', evidence: 'visit-report' }, t.worker)).statusCode).toBe(
      200,
    );

    const revoked = await revoke(person, t.street, { reason: '虚假报告', evidence: '医院证明', on: '2020-10-01' });
    expect(revoked.statusCode).toBe(200);
    expect((await h.get(`/v1/assistance/${care}`, t.worker)).json()).toMatchObject({ stage: 'ended', endedOn: '2020-08-15' });
    expect(await roster('2020-11')).not.toContain(care);
    expect(await roster('2020-08')).toContain(care); // the month of the recorded death was paid: a person reviews it
  });

  it('each status the death ended gets a payment-review task for the stopped interval, caused by the revocation', async () => {
    const t = await tokensFor(h);
    const hh = await household(h, t.worker, h.regions.g1!, [{ relation: 'head', name: '邓桂英', idNumber: idNumber('43110319500505055') }]);
    const person = hh.person('head');
    await h.post(`/v1/residents/${person}/disability-certificate`, { kind: 'physical', grade: 1, certifiedOn: '2020-02-01' }, t.worker);
    const care = await grant(h, t, hh.id, { program: 'disability-care', personId: person }, '2020-04-01');
    await h.post(`/v1/residents/${person}/death`, { diedOn: '2020-08-15', evidence: 'visit-report' }, t.worker);
    expect((await revoke(person, t.street, { reason: '同名误报', evidence: '公安户籍核查', on: '2020-10-01' })).statusCode).toBe(200);
    const c = (await h.get(`/v1/assistance/${care}`, t.street)).json();
    expect(c).toMatchObject({ stage: 'ended', paymentReviews: [{ personId: person, diedOn: '2020-08-15', revokedOn: '2020-10-01' }] });
    expect(c.history.at(-1)).toMatchObject({ step: 'payment-review-opened', actor: { role: 'system' } });
  });
});
