import { badChecksum, idNumber, people } from '../application/people';
import { household, open, step, tokensFor, type Tokens } from './assistance-steps';
import { seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
let t: Tokens;
let community: string; // community official of c1 (g1, g2)
let head: string; // 王秀英, head of a household in g1
let spouse: string; // 李建国
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  t = await tokensFor(h);
  community = await h.token('community-official', [h.regions.c1!], 'community-c1');
  const hh = await household(h, t.worker, h.regions.g1!, [people.head, people.spouse]);
  [head, spouse] = [hh.person('head'), hh.person('spouse')];
});
afterAll(() => h.close());

/** 某副镇长: the official whose relatives are filed. */
const official = { name: '刘建华', idNumber: idNumber('43110319700101011'), position: '副镇长', unit: '黄阳司镇人民政府' };
const file = (body: Record<string, unknown>, token = community) => h.post('/v1/official-relatives', body, token);
const filing = (relative: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  official,
  relative,
  relation: 'sibling',
  on: '2020-01-20',
  ...over,
});
const caseOf = async (caseId: string) => (await h.get(`/v1/assistance/${caseId}`, t.worker)).json();

describe('近亲属备案: filing an official’s close relative', () => {
  it('a community official files a resident by id: 201 with { id, revision } and Location', async () => {
    const res = await file(filing({ residentId: spouse }, { note: '本人为刘建华之兄' }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: expect.any(String), revision: 0 });
    expect(res.headers.location).toBe(`/v1/official-relatives/${res.json().id}`);
  });

  it('officials and auditors read the filings masked; nothing personal is stored or logged in clear', async () => {
    const auditor = await h.token('auditor', [h.regions.d1!], 'auditor-1');
    const res = await h.get(`/v1/official-relatives?residentId=${spouse}`, auditor);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"0"');
    expect(res.json().items).toEqual([
      expect.objectContaining({
        residentId: spouse,
        relativeName: '李**',
        relation: 'sibling',
        official: {
          name: '刘**',
          idNumber: `${official.idNumber.slice(0, 6)}***********${official.idNumber.slice(-1)}`,
          position: '副镇长',
          unit: '黄阳司镇人民政府',
        },
        note: '***',
        status: 'in-force',
        disclosure: 'masked',
      }),
    ]);
    const stored = JSON.stringify(await h.infra.store.readStream(`person-${spouse}`));
    for (const clear of [official.name, official.idNumber, '本人为刘建华之兄']) {
      expect(stored).not.toContain(clear);
      expect(h.logLines.join('\n')).not.toContain(clear);
    }
  });

  it('a resident named by ID number and name is filed; a name that does not match the record is refused', async () => {
    const mismatch = await file(filing({ idNumber: people.head.idNumber, name: '王秀' }, { relation: 'parent' }));
    expect([mismatch.statusCode, mismatch.json().errors[0]]).toEqual([
      422,
      expect.objectContaining({ rule: 'relative-name-mismatch', field: 'relative.name' }),
    ]);
    const res = await file(filing({ idNumber: people.head.idNumber, name: people.head.name }, { relation: 'parent' }));
    expect(res.statusCode).toBe(201);
    expect((await h.get(`/v1/official-relatives/${res.json().id}`, t.street)).json()).toMatchObject({
      residentId: head,
      relation: 'parent',
    });
  });

  it('an ID number nobody in the caller’s area is registered with is one refusal, registered elsewhere or not', async () => {
    const outside = await h.token('community-official', [h.regions.c2!], 'community-c2');
    const elsewhere = await file(filing({ idNumber: people.head.idNumber, name: people.head.name }), outside);
    const nobody = await file(filing({ idNumber: people.fourth.idNumber, name: people.fourth.name }), outside);
    expect(elsewhere.json().errors).toEqual(nobody.json().errors);
    expect(nobody.json().errors[0]).toMatchObject({ rule: 'relative-not-registered', field: 'relative.idNumber' });
    expect((await file(filing({ residentId: spouse }), outside)).statusCode).toBe(404);
  });

  it('the same official filed twice for one resident, or as their own relative, is refused by rule', async () => {
    const twice = await file(filing({ residentId: spouse }));
    expect([twice.statusCode, twice.json().errors[0].rule]).toEqual([422, 'already-registered']);
    const self = await file(filing({ residentId: spouse }, { official: { ...official, idNumber: people.spouse.idNumber } }));
    expect(self.json().errors[0].rule).toBe('self-relative');
  });

  it('the form is checked first: a mistyped ID number, a half-named relative, a missing post are 400 naming the field', async () => {
    const bad = await file(filing({ residentId: spouse }, { official: { ...official, idNumber: badChecksum(official.idNumber) } }));
    expect([bad.statusCode, bad.json().errors[0]]).toEqual([
      400,
      expect.objectContaining({ field: 'official.idNumber', rule: 'id-checksum' }),
    ]);
    const half = await file(filing({ idNumber: people.head.idNumber }));
    expect(half.json().errors[0]).toMatchObject({ field: 'relative.name', rule: 'required' });
    const { position: _p, ...noPost } = official;
    expect((await file(filing({ residentId: spouse }, { official: noPost }))).json().errors[0].field).toBe('official.position');
  });

  it('grid workers do not file (the office does): 403', async () => {
    expect((await file(filing({ residentId: spouse }), t.worker)).statusCode).toBe(403);
  });
});

describe('a filed relative’s applications go to the district, until the filing is withdrawn', () => {
  const relative = { ...people.other, relation: 'head' };
  const kin = { name: '赵德明', idNumber: idNumber('43110319650505021'), position: '民政办主任', unit: '梅湾街道办事处' };
  let hh: string;
  let person: string;
  let registrationId: string;
  beforeAll(async () => {
    const created = await household(h, t.worker, h.regions.g2!, [relative]);
    [hh, person] = [created.id, created.person('head')];
  });
  const temporary = async (appliedOn: string) => {
    const caseId = (await open(h, t.worker, hh, { program: 'temporary', personId: person, amountFen: 100_000, appliedOn })).json()
      .id as string;
    await step(h, t.worker, caseId, { step: 'home-check', effectiveDate: appliedOn, findings: ['fire-damage'] });
    await step(h, t.street, caseId, { step: 'review', effectiveDate: appliedOn, recommended: true, amountFen: 100_000 });
    return caseId;
  };

  const flagged: string[] = [];

  it('a case open when the filing is made is flagged by the status rules', async () => {
    const before = await temporary('2020-03-02');
    expect((await caseOf(before)).flagged).toBe(false);
    const res = await file(filing({ residentId: person }, { official: kin, relation: 'sibling', on: '2020-03-05' }), t.street);
    registrationId = res.json().id;
    expect((await caseOf(before)).flagged).toBe(true);
    flagged.push(before);
  });

  it('a 低保 application made afterwards is flagged from the start: the township cannot approve it, the district does', async () => {
    const caseId = (await open(h, t.worker, hh, { program: 'minimum-living', appliedOn: '2020-04-01' })).json().id as string;
    expect((await caseOf(caseId)).flagged).toBe(true);
    await step(h, t.worker, caseId, { step: 'home-check', effectiveDate: '2020-04-02', findings: ['income-verified'] });
    await step(h, t.street, caseId, { step: 'review', effectiveDate: '2020-04-03', recommended: true, class: 'B' });
    await step(h, t.street, caseId, { step: 'notice', effectiveDate: '2020-04-04', days: 7 });
    const byStreet = await step(h, t.street, caseId, { step: 'approve', effectiveDate: '2020-05-01', decidedOn: '2020-04-20' });
    expect([byStreet.statusCode, byStreet.json().errors[0].rule]).toEqual([422, 'official-relative-needs-district']);
    expect((await step(h, t.district, caseId, { step: 'approve', effectiveDate: '2020-05-01', decidedOn: '2020-04-20' })).statusCode).toBe(200);
    expect((await caseOf(caseId)).grant).toMatchObject({ approverLevel: 'district' });
    flagged.push(caseId);
  });

  it('withdrawn (the official left office): new applications are not flagged, earlier cases keep their flag', async () => {
    const revision = Number(JSON.parse((await h.get(`/v1/official-relatives/${registrationId}`, t.street)).headers.etag as string));
    const res = await h.post(
      `/v1/official-relatives/${registrationId}/withdraw`,
      { cause: 'left-office', reason: '赵德明已调离民政办', on: '2020-06-30' },
      t.district,
      { 'if-match': `"${revision}"` },
    );
    expect([res.statusCode, res.json()]).toEqual([200, { id: registrationId, revision: revision + 1 }]);
    const after = await temporary('2020-07-01');
    expect((await caseOf(after)).flagged).toBe(false);
    expect((await step(h, t.streetHead, after, { step: 'approve', effectiveDate: '2020-07-02' })).statusCode).toBe(200);
    for (const caseId of flagged) expect((await caseOf(caseId)).flagged).toBe(true);
    const listed = (await h.get(`/v1/official-relatives?residentId=${person}`, t.street)).json().items;
    expect(listed).toEqual([
      expect.objectContaining({
        id: registrationId,
        status: 'withdrawn',
        withdrawal: expect.objectContaining({ cause: 'left-office', on: '2020-06-30' }),
      }),
    ]);
  });

  it('withdrawing again is refused; an unknown or out-of-scope filing is 404', async () => {
    const again = await h.post(
      `/v1/official-relatives/${registrationId}/withdraw`,
      { cause: 'left-office', reason: '重复', on: '2020-07-01' },
      t.district,
    );
    expect([again.statusCode, again.json().errors[0].rule]).toEqual([422, 'already-withdrawn']);
    const body = { cause: 'filed-in-error', reason: '误报', on: '2020-07-01' };
    expect((await h.post('/v1/official-relatives/nope/withdraw', body, t.district)).statusCode).toBe(404);
    const outside = await h.token('street-official', [h.regions.s2!], 'street-s2');
    expect((await h.post(`/v1/official-relatives/${registrationId}/withdraw`, body, outside)).statusCode).toBe(404);
    expect((await h.get(`/v1/official-relatives/${registrationId}`, outside)).statusCode).toBe(404);
  });
});
