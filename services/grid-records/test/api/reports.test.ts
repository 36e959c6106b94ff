import { people } from '../application/people';
import { grant, household, step, tokensFor, type Tokens } from './assistance-steps';
import { seedRegions, startHarness, type Harness } from './harness';

// Figures from seed 002 (冷水滩 2020): urban 低保 500 元 from January, 570 from November; rural 特困 5280 元 a year;
// the two disability subsidies 65 元 a month. Class shares A 100%, B 70% (default-standards.ts, assumption).
let h: Harness;
let t: Tokens;
let dibao: string;
let poverty: string;
let care: string;
let urban: { id: string; person: (relation: string) => string };
let rural: { id: string; person: (relation: string) => string };
let far: { id: string; person: (relation: string) => string };
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  t = await tokensFor(h);
  urban = await household(h, t.worker, h.regions.g1!, [people.head, people.spouse, people.child]);
  rural = await household(h, t.worker, h.regions.g2!, [people.fifth], 'rural');
  far = await household(h, t.worker, h.regions.g3!, [people.other]);
  dibao = await grant(h, t, urban.id, { program: 'minimum-living' }, '2020-04-01', { class: 'B' });
  expect(
    (await step(h, t.district, dibao, { step: 'change-class', effectiveDate: '2020-11-01', to: 'A', reason: '户主重病' })).statusCode,
  ).toBe(200);
  poverty = await grant(
    h,
    t,
    rural.id,
    { program: 'extreme-poverty', personId: rural.person('head'), mode: 'dispersed', careLevel: 'self-care' },
    '2020-05-01',
  );
  await h.post(
    `/v1/residents/${far.person('head')}/disability-certificate`,
    { kind: 'visual', grade: 1, certifiedOn: '2020-02-01' },
    t.worker,
  );
  care = await grant(h, t, far.id, { program: 'disability-care', personId: far.person('head') }, '2020-05-01');
});
afterAll(() => h.close());

const get = async (url: string, token = t.street) => {
  const res = await h.get(url, token);
  expect(res.statusCode).toBe(200);
  return res.json();
};

describe('statistics per program and class', () => {
  it('counts households, persons and the month’s amounts at the standards then in force', async () => {
    const october = await get(`/v1/regions/${h.regions.s1}/statistics?month=2020-10`);
    expect(october.rows).toEqual([
      { program: 'minimum-living', term: '低保', class: 'B', households: 1, persons: 3, monthlyFen: 3 * 35_000 },
      { program: 'extreme-poverty', term: '特困', class: null, households: 1, persons: 1, monthlyFen: 44_000 },
    ]);
    expect(october.standards).toEqual(['lengshuitan-2020-01']);
    const november = await get(`/v1/regions/${h.regions.d1}/statistics?month=2020-11`);
    expect(november.rows).toEqual([
      { program: 'minimum-living', term: '低保', class: 'A', households: 1, persons: 3, monthlyFen: 3 * 57_000 },
      { program: 'extreme-poverty', term: '特困', class: null, households: 1, persons: 1, monthlyFen: 44_000 },
      { program: 'disability-care', term: '重度残疾人护理补贴', class: null, households: 1, persons: 1, monthlyFen: 6_500 },
    ]);
    expect(november.totals).toEqual({ households: 3, persons: 5, monthlyFen: 171_000 + 44_000 + 6_500 });
  });

  it('answers 404 for a region outside the caller’s scope', async () => {
    const farWorker = await h.token('grid-worker', [h.regions.g3!]);
    expect((await h.get(`/v1/regions/${h.regions.s1}/statistics?month=2020-10`, farWorker)).statusCode).toBe(404);
  });
});

describe('the payment roster', () => {
  it('lists who is paid what for the month, names masked for officials and clear for grid workers', async () => {
    const roster = await get(`/v1/regions/${h.regions.s1}/payment-roster?month=2020-11`);
    expect(roster).toMatchObject({ month: '2020-11', knownAt: null, totalFen: 171_000 + 44_000, persons: 4, disclosure: 'masked' });
    expect(roster.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          caseId: dibao,
          class: 'A',
          personId: null,
          recipientId: urban.person('head'),
          recipientName: '王**',
          persons: 3,
          amountFen: 171_000,
        }),
        expect.objectContaining({ caseId: poverty, personId: rural.person('head'), recipientName: '吴**', amountFen: 44_000 }),
      ]),
    );
    const clear = await get(`/v1/regions/${h.regions.s1}/payment-roster?month=2020-11`, t.worker);
    expect(clear.lines.map((l: { recipientName: string }) => l.recipientName).sort()).toEqual(['吴桂兰', '王秀英'].sort());
  });

  it('a death recorded late stops payment from the next month; the roster known before still shows what was paid', async () => {
    const april = `/v1/regions/${h.regions.d1}/payment-roster?month=2026-04`;
    expect((await get(april)).lines.map((l: { caseId: string }) => l.caseId)).toContain(care);
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const died = await h.post(
      `/v1/residents/${far.person('head')}/death`,
      { diedOn: '2026-03-10', evidence: 'hukou-cancellation' },
      t.worker,
    );
    expect(died.statusCode).toBe(200);
    expect((await get(april)).lines.map((l: { caseId: string }) => l.caseId)).not.toContain(care);
    // The month of death is paid in full (no proration); nothing after.
    const march = await get(`/v1/regions/${h.regions.d1}/payment-roster?month=2026-03`);
    expect(march.lines).toContainEqual(expect.objectContaining({ caseId: care, amountFen: 6_500 }));
    const known = await get(`${april}&knownAt=${encodeURIComponent(before)}`, await h.token('auditor', ['*']));
    expect(known.knownAt).toBe(before);
    expect(known.lines).toContainEqual(expect.objectContaining({ caseId: care, amountFen: 6_500 }));
  });

  it('refuses a month that is not YYYY-MM (400)', async () => {
    expect((await h.get(`/v1/regions/${h.regions.d1}/payment-roster?month=2026-13`, t.street)).statusCode).toBe(400);
  });
});

describe('reviews and visits due', () => {
  it('lists the 特困 review a year after the grant and the 低保 review a year after its class change, earliest first', async () => {
    const due = await get(`/v1/regions/${h.regions.c1}/reviews-due?asOf=2021-12-01`);
    expect(due.items).toEqual([
      expect.objectContaining({ caseId: poverty, term: '特困', nextReviewOn: '2021-05-01', daysOverdue: 214, gridId: h.regions.g2 }),
      expect.objectContaining({ caseId: dibao, class: 'A', nextReviewOn: '2021-11-01', daysOverdue: 30, gridId: h.regions.g1 }),
    ]);
    expect((await get(`/v1/regions/${h.regions.c1}/reviews-due?asOf=2021-04-30`)).items).toEqual([]);
  });

  it('lists the dispersed 特困 person overdue for a visit until one is recorded', async () => {
    const url = `/v1/regions/${h.regions.c1}/visits-due?asOf=2026-11-23`;
    const visit = (visitedOn: string) =>
      h.post(
        `/v1/households/${rural.id}/visits`,
        { visitedOn, kind: 'care', findings: ['all-well'], personIds: [rural.person('head')] },
        t.worker,
      );
    expect((await visit('2026-09-01')).statusCode).toBe(201);
    expect((await get(url, t.worker)).items).toEqual([
      {
        householdId: rural.id,
        gridId: h.regions.g2,
        program: 'extreme-poverty',
        term: '特困',
        everyDays: 30,
        lastVisitOn: '2026-09-01',
        dueOn: '2026-10-01',
        daysOverdue: 53,
      },
    ]);
    expect((await visit('2026-11-20')).statusCode).toBe(201);
    expect((await get(url, t.worker)).items).toEqual([]);
  });
});
