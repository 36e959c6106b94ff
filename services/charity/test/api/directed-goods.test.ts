import { startWorld, type World } from './world';

let w: World;
let donationId: string;
const on = '2020-09-01';
const DAWAN_LIGHTS = { regionId: 'dawan', purpose: 'solar-street-lights' };
const STOCK = 'solar-lamp/region=dawan;purpose=solar-street-lights';
// 60 solar street lamps given to 大湾村 for its street lights (seed 002's 9.3 万元, here in kind).
const lamps = { kind: 'in-kind', items: [{ itemKey: 'solar-lamp', description: '太阳能路灯', quantity: 60, unit: '盏', valuationFen: 1_800_000 }], valuation: { method: 'donor-invoice', valuedBy: '捐赠企业', ref: 'FP-2020-0901' } };

beforeAll(async () => {
  w = await startWorld();
  const res = await w.h.post(`/v1/campaigns/${w.campaignId}/donations`, { donor: { kind: 'organisation', name: '国网冷水滩供电公司' }, gift: lamps, restriction: DAWAN_LIGHTS, on }, w.tokens.staff);
  expect(res.statusCode).toBe(201);
  donationId = res.json().id;
});
afterAll(() => w.h.close());

const issue = (body: Record<string, unknown>) => w.h.post(`/v1/funds/${w.fundId}/goods-issues`, { itemKey: 'solar-lamp', evidenceRef: '出库单-1', on, ...body }, w.tokens.staff);
const ledger = async () => (await w.h.get(`/v1/funds/${w.fundId}/ledger`, w.tokens.staff)).json();

describe('a directed (定向) gift of goods', () => {
  it('is received with its receipt and kept in stock under its restriction', async () => {
    expect((await w.h.get(`/v1/donations/${donationId}/receipt`, w.tokens.staff)).json()).toMatchObject({ kind: 'in-kind', valueFen: 1_800_000, receipt: { number: expect.any(String) } });
    const l = await ledger();
    expect(l.stock[STOCK]).toEqual({ milli: 60_000, unit: '盏' });
    expect(l.balances[`in-kind-stock:${STOCK}`]).toBe(1_800_000);
  });

  it('is refused for a household of another village, naming the restriction and the field', async () => {
    const res = await issue({ quantity: 2, to: { kind: 'household', householdId: 'h2' }, restriction: DAWAN_LIGHTS, purpose: 'solar-street-lights' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ rule: 'restriction-not-met', field: 'regionPath', message: expect.stringContaining('region=dawan;purpose=solar-street-lights') });
  });

  it('is refused for another purpose in its village', async () => {
    const res = await issue({ quantity: 2, to: { kind: 'household', householdId: 'h1' }, restriction: DAWAN_LIGHTS, purpose: 'poverty-relief' });
    expect(res.json().errors[0]).toMatchObject({ rule: 'restriction-not-met', field: 'purpose' });
  });

  it('cannot be issued as undirected stock', async () => {
    const res = await issue({ quantity: 2, to: { kind: 'charity-supermarket', supermarketId: 'cs-1' } });
    expect(res.json().errors[0]).toMatchObject({ rule: 'not-in-stock', field: 'quantity' });
  });

  it('is issued in its village for its purpose, and traces to its donation', async () => {
    const res = await issue({ quantity: 20, to: { kind: 'household', householdId: 'h1' }, restriction: DAWAN_LIGHTS, purpose: 'solar-street-lights' });
    expect(res.statusCode).toBe(201);
    expect((await ledger()).stock[STOCK].milli).toBe(40_000);
    const trace = (await w.h.get('/v1/trace/households/h1', w.tokens.district)).json();
    expect(trace.goods).toEqual([
      expect.objectContaining({ itemKey: 'solar-lamp', quantity: 20, valuationFen: 600_000, source: { kind: 'restricted', restriction: DAWAN_LIGHTS, donations: [{ donationId, campaignId: w.campaignId, quantity: 60, valuationFen: 1_800_000 }] } }),
    ]);
  });

  it('goes back into its restricted stock when the issue is reversed, and leaves the household’s trace', async () => {
    const issued = (await ledger()).transactions.find((t: { type: string }) => t.type === 'charity.fund.goods-issued');
    await w.h.service.services.commands.fundStep(w.fundId, { type: 'reverse', reverses: issued.tx, reason: '未安装，退回库存', on }, { actor: { id: 'staff-li', role: 'charity-staff' } });
    expect((await ledger()).stock[STOCK].milli).toBe(60_000);
    expect((await w.h.get('/v1/trace/households/h1', w.tokens.district)).json().goods).toEqual([]);
  });
});
