import { idNumber, people } from '../application/people';
import { grant, household, open, step, tokensFor, type Tokens } from './assistance-steps';
import { problemShape, seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
let t: Tokens;
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  t = await tokensFor(h);
});
afterAll(() => h.close());

describe('a grant takes effect by the standards set’s rule (seed 002: from the month after the decision)', () => {
  it('低保 decided on 20 March with effect from 15 April is 422 grant-start naming the rule’s source; from 1 April it is granted', async () => {
    const chen = { relation: 'head', name: '陈美玲', idNumber: idNumber('43110319700303010') };
    const hid = (await household(h, t.worker, h.regions.g1!, [chen])).id;
    const caseId = (await open(h, t.worker, hid, { program: 'minimum-living', appliedOn: '2020-03-02' })).json().id as string;
    await step(h, t.worker, caseId, { step: 'home-check', effectiveDate: '2020-03-05', findings: ['income-verified'] });
    await step(h, t.street, caseId, { step: 'review', effectiveDate: '2020-03-10', recommended: true, class: 'B' });
    await step(h, t.street, caseId, { step: 'notice', effectiveDate: '2020-03-11', days: 7 });
    const mid = await step(h, t.district, caseId, { step: 'approve', effectiveDate: '2020-04-15', decidedOn: '2020-03-20' });
    expect([mid.statusCode, mid.json().errors[0]]).toEqual([
      422,
      expect.objectContaining({ field: 'effectiveDate', rule: 'grant-start', source: expect.stringContaining('次月') }),
    ]);
    const first = await step(h, t.district, caseId, { step: 'approve', effectiveDate: '2020-04-01', decidedOn: '2020-03-20' });
    expect(first.statusCode).toBe(200);
  });
});

describe('the 低保 lifecycle through the API', () => {
  let hid: string;
  let caseId: string;
  beforeAll(async () => {
    hid = (await household(h, t.worker, h.regions.g1!, [people.head, people.spouse, people.child])).id;
  });

  it('a grid worker opens the case: 201 with { id, revision }, Location and ETag', async () => {
    const res = await open(h, t.worker, hid, { program: 'minimum-living', appliedOn: '2020-03-02' });
    expect(res.statusCode).toBe(201);
    caseId = res.json().id;
    expect(res.json()).toEqual({ id: caseId, revision: 0 });
    expect(res.headers.location).toBe(`/v1/assistance/${caseId}`);
    expect(res.headers.etag).toBe('"0"');
  });

  it('takes home check → review → seven-day notice → district approval → class change → review → exit', async () => {
    const steps: [string, Record<string, unknown>][] = [
      [t.worker, { step: 'home-check', effectiveDate: '2020-03-05', findings: ['income-verified'], note: '家中无固定收入' }],
      [t.street, { step: 'review', effectiveDate: '2020-03-10', recommended: true, class: 'B' }],
      [t.street, { step: 'notice', effectiveDate: '2020-03-11', days: 7 }],
      [t.district, { step: 'approve', effectiveDate: '2020-04-01', decidedOn: '2020-03-20' }],
      [t.district, { step: 'change-class', effectiveDate: '2020-07-01', to: 'A', reason: '户主丧失劳动能力' }],
      [t.street, { step: 'review-done', effectiveDate: '2021-07-01' }],
      [t.street, { step: 'exit', effectiveDate: '2021-12-31', reason: '家庭收入超过低保标准' }],
    ];
    for (const [i, [token, body]] of steps.entries()) {
      const res = await step(h, token, caseId, body, { 'if-match': `"${i}"` });
      expect([res.statusCode, res.json()]).toEqual([200, { id: caseId, revision: i + 1 }]);
      expect(res.headers.etag).toBe(`"${i + 1}"`);
    }
    const read = await h.get(`/v1/assistance/${caseId}`, t.worker);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"7"');
    const c = read.json();
    expect(c).toMatchObject({
      id: caseId,
      program: 'minimum-living',
      term: '低保',
      stage: 'exited',
      class: 'A',
      householdId: hid,
      registration: 'urban',
      districtId: h.regions.d1,
      effectiveFrom: '2020-04-01',
      endedOn: '2021-12-31',
      grant: { effectiveFrom: '2020-04-01', decidedOn: '2020-03-20', approverLevel: 'district' },
      classHistory: [
        { from: '2020-04-01', class: 'B' },
        { from: '2020-07-01', class: 'A' },
      ],
      notice: { from: '2020-03-11', until: '2020-03-17' },
    });
    expect(c.coverage).toHaveLength(3);
    expect(c.history.map((s: { step: string }) => s.step)).toEqual([
      'applied',
      'home-checked',
      'reviewed',
      'notice-published',
      'approved',
      'class-changed',
      'review-completed',
      'exited',
    ]);
    expect(c.history[5]).toMatchObject({ reason: '户主丧失劳动能力', actor: { id: 'district-chen', role: 'district-official' } });
    // The grid worker sees the home-check note in clear, officials do not.
    expect(c.history[1].data.note).toBe('家中无固定收入');
    const masked = (await h.get(`/v1/assistance/${caseId}`, t.street)).json();
    expect(masked.history[1].data.note).toBe('***');
  });

  it('the applied event keeps the facts the decision rested on, read from the records', async () => {
    const applied = (await h.get(`/v1/assistance/${caseId}`, t.worker)).json().history[0].data;
    expect(applied).toMatchObject({
      registration: 'urban',
      districtId: h.regions.d1,
      officialRelative: false,
      facts: { asOf: '2020-03-02', personPrograms: [], householdPrograms: [] },
    });
  });

  it('an If-Match older than the case answers 412', async () => {
    const res = await step(h, t.street, caseId, { step: 'review-done', effectiveDate: '2021-08-01' }, { 'if-match': '"3"' });
    expect(res.statusCode).toBe(412);
  });

  it('the household lists the case, and shows the status only while it is in force', async () => {
    const list = (await h.get(`/v1/households/${hid}/assistance`, t.worker)).json().items;
    expect(list).toEqual([expect.objectContaining({ id: caseId, stage: 'exited', endedOn: '2021-12-31' })]);
    expect((await h.get(`/v1/households/${hid}`, t.worker)).json().statuses).toEqual([]);
    const other = (await household(h, t.worker, h.regions.g2!, [people.third])).id;
    const granted = await grant(h, t, other, { program: 'minimum-living' }, '2020-04-01', { class: 'C' });
    expect((await h.get(`/v1/households/${other}`, t.worker)).json().statuses).toEqual([
      { caseId: granted, program: 'minimum-living', class: 'C', personId: null, since: '2020-04-01' },
    ]);
  });
});

describe('refusals name their rule', () => {
  let caseId: string;
  beforeAll(async () => {
    const hid = (await household(h, t.worker, h.regions.g1!, [people.fourth])).id;
    caseId = (await open(h, t.worker, hid, { program: 'minimum-living', appliedOn: '2020-05-06' })).json().id;
    await step(h, t.worker, caseId, { step: 'home-check', effectiveDate: '2020-05-07', findings: ['verified'] });
    await step(h, t.street, caseId, { step: 'review', effectiveDate: '2020-05-08', recommended: true, class: 'C' });
  });

  it('a notice shorter than seven days is 422 notice-too-short, with its source', async () => {
    const res = await step(h, t.street, caseId, { step: 'notice', effectiveDate: '2020-05-09', days: 5 });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({
      field: 'days',
      rule: 'notice-too-short',
      source: expect.stringContaining('最低生活保障'),
    });
  });

  it('a township official cannot approve 低保: 422 district-approval-required', async () => {
    await step(h, t.street, caseId, { step: 'notice', effectiveDate: '2020-05-09', days: 7 });
    const res = await step(h, t.street, caseId, { step: 'approve', effectiveDate: '2020-06-01' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ rule: 'district-approval-required', field: 'by.role' });
  });

  it('a step without a required reason is a 400 naming the field', async () => {
    const res = await step(h, t.district, caseId, { step: 'reject', effectiveDate: '2020-06-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'reason' });
  });
});

describe('who may do what', () => {
  let caseId: string;
  beforeAll(async () => {
    const hid = (await household(h, t.worker, h.regions.g1!, [people.fifth])).id;
    caseId = (await open(h, t.worker, hid, { program: 'minimum-living', appliedOn: '2020-05-06' })).json().id;
  });

  it('a grid worker cannot approve (403); an auditor takes no step at all (403)', async () => {
    const approve = await step(h, t.worker, caseId, { step: 'approve', effectiveDate: '2020-06-01' });
    expect(approve.statusCode).toBe(403);
    const auditor = await step(h, await h.token('auditor', ['*']), caseId, {
      step: 'home-check',
      effectiveDate: '2020-05-07',
      findings: ['x'],
    });
    expect(auditor.statusCode).toBe(403);
  });

  it('a case outside the caller’s scope is answered exactly like a missing one (404)', async () => {
    const far = await h.token('grid-worker', [h.regions.g3!], 'worker-zhao');
    const outside = await h.get(`/v1/assistance/${caseId}`, far);
    const missing = await h.get('/v1/assistance/no-such-case', far);
    expect(outside.statusCode).toBe(404);
    expect(problemShape(outside)).toEqual(problemShape(missing));
    const write = await step(h, far, caseId, { step: 'home-check', effectiveDate: '2020-05-07', findings: ['x'] });
    expect(write.statusCode).toBe(404);
  });
});
