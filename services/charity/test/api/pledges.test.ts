import { money, startWorld, type World } from './world';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(() => w.h.close());

// 消费捐 (seed 002): a supermarket gives 1% of its sales of 爱心米 until the end of October, paid month by month.
const SUPERMARKET = { kind: 'organisation', name: '冷水滩区心缘超市' };
const pledge = (body: Record<string, unknown>) => w.h.post(`/v1/campaigns/${w.campaignId}/pledges`, { restriction: null, on: '2020-06-01', ...body }, w.tokens.staff);
const pay = (pledgeId: string, amountFen: number, on: string, donor: Record<string, unknown> = SUPERMARKET) =>
  w.h.post(`/v1/campaigns/${w.campaignId}/donations`, { donor, gift: money(amountFen), pledgeId, on }, w.tokens.staff);
const pledges = async () => (await w.h.get(`/v1/campaigns/${w.campaignId}/pledges`, w.tokens.district)).json().items as { pledgeId: string; paidFen: number; donations: number; cancelled: boolean }[];

describe('pledges (认捐) and 消费捐', () => {
  it('turns a 消费捐 pledge into donations with their receipts as its shares are paid', async () => {
    const made = await pledge({ donor: SUPERMARKET, basis: { kind: 'sales-share', share: { num: 1, den: 100 }, products: '爱心米', until: '2020-10-31' } });
    expect(made.statusCode).toBe(201);
    const pledgeId = made.json().id;
    const june = await pay(pledgeId, 35_200, '2020-07-01');
    const july = await pay(pledgeId, 41_800, '2020-08-01');
    expect([june.statusCode, july.statusCode]).toEqual([201, 201]);
    expect(july.json().receipt.seq).toBe(june.json().receipt.seq + 1);
    expect((await pledges()).find((p) => p.pledgeId === pledgeId)).toMatchObject({ paidFen: 77_000, donations: 2, cancelled: false });
  });

  it('refuses a payment of the pledge by another donor, or after its last day', async () => {
    const pledgeId = (await pledge({ donor: SUPERMARKET, basis: { kind: 'sales-share', share: { num: 1, den: 100 }, products: '爱心油', until: '2020-10-31' } })).json().id;
    expect((await pay(pledgeId, 100, '2020-07-01', { kind: 'anonymous' })).json().errors[0]).toMatchObject({ rule: 'pledge-donor', field: 'donor' });
    expect((await pay(pledgeId, 100, '2020-11-01')).json().errors[0]).toMatchObject({ rule: 'pledge-expired', field: 'on' });
  });

  it('takes a fixed pledge up to its sum, and nothing once it is cancelled', async () => {
    const pledgeId = (await pledge({ donor: { kind: 'organisation', name: '永州电力公司' }, basis: { kind: 'fixed', amountFen: 100_000 } })).json().id;
    const donor = { kind: 'organisation', name: '永州电力公司' };
    expect((await pay(pledgeId, 100_000, '2020-07-01', donor)).statusCode).toBe(201);
    expect((await pay(pledgeId, 1, '2020-07-02', donor)).json().errors[0]).toMatchObject({ rule: 'pledge-overpaid' });
    const cancelled = await w.h.post(`/v1/campaigns/${w.campaignId}/pledges/${pledgeId}/cancel`, { reason: '已足额兑现', on: '2020-07-03' }, w.tokens.staff);
    expect(cancelled.statusCode).toBe(201);
    expect((await pay(pledgeId, 1, '2020-07-04', donor)).json().errors[0]).toMatchObject({ rule: 'no-open-pledge', field: 'pledgeId' });
    expect((await pledges()).find((p) => p.pledgeId === pledgeId)).toMatchObject({ paidFen: 100_000, cancelled: true });
  });
});
