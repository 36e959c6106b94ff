import { startWorld, type World } from './world';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(() => w.h.close());

describe('the daily overdue-disclosures job', () => {
  it('records each disclosure past its last day as of today once, as POST /v1/disclosures/overdue does', async () => {
    const today = w.h.service.services.clock.today();
    const before = (await w.h.get(`/v1/disclosures/overdue?on=${today}`, w.tokens.staff)).json().items;
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((o: { recorded: boolean }) => !o.recorded)).toBe(true);

    const first = await w.h.service.services.overdueJob.run();
    expect(first).toMatchObject({ on: today, flaggedCampaigns: 1 });
    expect(first.items.every((o) => o.recorded)).toBe(true);
    const second = await w.h.service.services.overdueJob.run();
    expect(second.flaggedCampaigns).toBe(0);

    const events = await w.h.infra.store.readStream(`campaign-${w.campaignId}`);
    expect(events.filter((e) => e.type === 'charity.campaign.disclosure-overdue')).toHaveLength(before.length);
  });
});
