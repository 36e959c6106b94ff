import { money, startWorld, type World } from './world';

let w: World;
const on = '2020-05-10';
const directed = { regionId: 'dawan', purpose: 'solar-street-lights' };
beforeAll(async () => {
  w = await startWorld();
  const give = (body: Record<string, unknown>) => w.h.post(`/v1/campaigns/${w.campaignId}/donations`, { on, ...body }, w.tokens.staff);
  expect((await give({ donor: { kind: 'organisation', name: '国网冷水滩供电公司' }, gift: money(9_300_000), restriction: directed })).statusCode).toBe(201);
  expect((await give({ donor: { kind: 'anonymous' }, gift: money(500_000) })).statusCode).toBe(201);
});
afterAll(() => w.h.close());

const allocate = (body: Record<string, unknown>) => w.h.post(`/v1/funds/${w.fundId}/allocations`, { on, ...body }, w.tokens.staff);

describe('allocation, use and trace', () => {
  it('refuses directed money for another village, naming the restriction', async () => {
    const res = await allocate({ recipient: { kind: 'household', householdId: 'h2' }, purpose: 'solar-street-lights', amountFen: 100_000, restriction: directed });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ rule: 'restriction-not-met', field: 'regionPath', message: expect.stringContaining('region=dawan;purpose=solar-street-lights') });
  });

  it('refuses directed money for another purpose in its village', async () => {
    const res = await allocate({ recipient: { kind: 'purpose' }, regionId: 'dawan', purpose: 'poverty-relief', amountFen: 100_000, restriction: directed });
    expect(res.json().errors[0]).toMatchObject({ rule: 'restriction-not-met', field: 'purpose' });
  });

  it('cannot reach the directed money through the unrestricted account either', async () => {
    const res = await allocate({ recipient: { kind: 'household', householdId: 'h2' }, purpose: 'poverty-relief', amountFen: 600_000 });
    expect(res.json().errors[0]).toMatchObject({ rule: 'insufficient-funds' });
  });

  it('allocates directed money in its village for its purpose, and uses it only up to the allocation', async () => {
    const res = await allocate({ recipient: { kind: 'purpose' }, regionId: 'dawan', purpose: 'solar-street-lights', amountFen: 9_300_000, restriction: directed });
    expect(res.statusCode).toBe(201);
    const use = await w.h.post(`/v1/allocations/${res.json().id}/uses`, { amountFen: 9_000_000, evidenceRef: '太阳能路灯验收报告', on }, w.tokens.staff);
    expect(use.statusCode).toBe(201);
    const over = await w.h.post(`/v1/allocations/${res.json().id}/uses`, { amountFen: 300_001, evidenceRef: '发票', on }, w.tokens.staff);
    expect(over.json().errors[0]).toMatchObject({ rule: 'use-exceeds-allocation' });
  });

  it('traces unrestricted money to the household’s allocation only, and refuses households grid-records never registered', async () => {
    const res = await allocate({ recipient: { kind: 'household', householdId: 'h1' }, purpose: 'poverty-relief', amountFen: 200_000 });
    expect(res.statusCode).toBe(201);
    const trace = (await w.h.get('/v1/trace/households/h1', w.tokens.district)).json();
    expect(trace.allocations).toEqual([expect.objectContaining({ allocationId: res.json().id, amountFen: 200_000, source: expect.objectContaining({ kind: 'unrestricted' }) })]);
    const unknown = await allocate({ recipient: { kind: 'household', householdId: 'nobody' }, purpose: 'poverty-relief', amountFen: 1 });
    expect(unknown.json().errors[0]).toMatchObject({ rule: 'unknown-household', field: 'recipient.householdId' });
  });

  it('allocates to a published help project and traces it there; an unknown project is refused', async () => {
    const res = await allocate({ recipient: { kind: 'project', projectId: 'p1' }, purpose: 'elderly-care', amountFen: 100_000 });
    expect(res.statusCode).toBe(201);
    expect((await w.h.get('/v1/trace/projects/p1', w.tokens.auditor)).json().allocations).toEqual([expect.objectContaining({ amountFen: 100_000 })]);
    expect((await allocate({ recipient: { kind: 'project', projectId: 'p404' }, purpose: 'elderly-care', amountFen: 1 })).json().errors[0]).toMatchObject({ rule: 'unknown-project' });
  });

  it('keeps every transaction summing to zero and no balance below zero', async () => {
    const ledger = (await w.h.get(`/v1/funds/${w.fundId}/ledger`, w.tokens.staff)).json();
    for (const t of ledger.transactions) expect(t.entries.reduce((s: number, l: { amountFen: number }) => s + l.amountFen, 0)).toBe(0);
    expect(Object.values(ledger.balances as Record<string, number>).every((b) => b >= 0)).toBe(true);
  });
});

describe('indicators and overdue disclosures', () => {
  it('reports the year’s spending against the prior year’s income and management costs against spending', async () => {
    const res = await w.h.get(`/v1/organisations/${w.organisationId}/indicators?year=2020`, w.tokens.district);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ year: 2020, totals: { incomeFen: 9_800_000, charitableSpendingFen: 9_000_000, managementCostsFen: 0 }, priorYearIncomeFen: 0, spending: { rule: { rule: 'spending-at-least-70-percent' } } });
  });

  it('lists the periodic disclosure of a public campaign running over 6 months once 3 months passed without one', async () => {
    const before = (await w.h.get('/v1/disclosures/overdue?on=2020-04-02', w.tokens.staff)).json();
    expect(before.items).toEqual([]);
    const after = (await w.h.get('/v1/disclosures/overdue?on=2020-04-03', w.tokens.staff)).json();
    expect(after.items).toEqual([expect.objectContaining({ campaignId: w.campaignId, kind: 'periodic', dueBy: '2020-04-02', rule: expect.objectContaining({ rule: 'disclose-every-3-months' }) })]);
    expect((await w.h.get('/v1/disclosures/overdue?on=2020-04-03', w.tokens.otherStaff)).json().items).toEqual([]);
    const published = await w.h.post(`/v1/campaigns/${w.campaignId}/disclosures`, { kind: 'periodic', coversTo: '2020-05-31', reportRef: '冷水滩区慈善总会公众号', on: '2020-06-01' }, w.tokens.staff);
    expect(published.statusCode).toBe(201);
    const again = await w.h.post(`/v1/campaigns/${w.campaignId}/disclosures`, { kind: 'periodic', coversTo: '2020-05-31', reportRef: '重复', on: '2020-06-01' }, w.tokens.staff);
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0]).toMatchObject({ rule: 'disclosure-exists' });
    expect((await w.h.get('/v1/disclosures/overdue?on=2020-06-02', w.tokens.staff)).json().items).toEqual([]);
  });
});

describe('recording overdue disclosures', () => {
  it('raises one overdue event per disclosure past its last day, once however often it is asked', async () => {
    const flag = () => w.h.post('/v1/disclosures/overdue', { on: '2020-09-10' }, w.tokens.district);
    const first = await flag();
    expect(first.statusCode).toBe(200);
    expect(first.json().items).toEqual([expect.objectContaining({ campaignId: w.campaignId, kind: 'periodic', dueBy: '2020-09-01', recorded: true })]);
    expect((await flag()).json().flaggedCampaigns).toBe(0);
    const raised = (await w.h.infra.store.readStream(`campaign-${w.campaignId}`)).filter((e) => e.type === 'charity.campaign.disclosure-overdue');
    expect(raised).toHaveLength(1);
  });
});
