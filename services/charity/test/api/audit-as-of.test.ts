// GET /v1/audit/{organisations|campaigns|funds}/{id}?validAt=&knownAt=: charity's aggregates as of a date, for auditors.
import { money, startWorld, type World } from './world';

let w: World;
beforeAll(async () => {
  w = await startWorld();
  const give = (on: string, amountFen: number) => w.h.post(`/v1/campaigns/${w.campaignId}/donations`, { on, donor: { kind: 'person', name: '李四' }, gift: money(amountFen) }, w.tokens.staff);
  expect((await give('2020-03-10', 500_000)).statusCode).toBe(201);
  expect((await give('2020-09-10', 300_000)).statusCode).toBe(201);
});
afterAll(() => w.h.close());

describe('GET /v1/audit/campaigns/{id}', () => {
  it('valid in June the campaign had received the March gift only; in December both; the donor’s name never shows', async () => {
    const june = await w.h.get(`/v1/audit/campaigns/${w.campaignId}?validAt=2020-06-30`, w.tokens.auditor);
    expect(june.statusCode).toBe(200);
    expect(june.json()).toMatchObject({ aggregate: 'campaigns', state: { campaignId: w.campaignId, receivedFen: 500_000 }, disclosure: 'masked' });
    expect((await w.h.get(`/v1/audit/campaigns/${w.campaignId}?validAt=2020-12-31`, w.tokens.auditor)).json().state.receivedFen).toBe(800_000);
    expect(june.body).not.toContain('李四');
  });

  it('the fund and the organisation are asked the same way', async () => {
    expect((await w.h.get(`/v1/audit/funds/${w.fundId}?validAt=2020-12-31`, w.tokens.auditor)).json()).toMatchObject({ aggregate: 'funds', state: { fundId: w.fundId } });
    expect((await w.h.get(`/v1/audit/organisations/${w.organisationId}`, w.tokens.auditor)).json()).toMatchObject({ state: { organisationId: w.organisationId, regionId: 'd1' } });
  });

  it('is for auditors in the organisation’s regions: 401 without a token, 403 for staff, 404 for another district’s auditor', async () => {
    expect((await w.h.get(`/v1/audit/campaigns/${w.campaignId}`)).statusCode).toBe(401);
    expect((await w.h.get(`/v1/audit/campaigns/${w.campaignId}`, w.tokens.staff)).statusCode).toBe(403);
    const far = await w.h.token('auditor', ['d9']);
    expect((await w.h.get(`/v1/audit/campaigns/${w.campaignId}`, far)).statusCode).toBe(404);
  });

  it('a malformed or implausible date, or a parameter the route does not take, is 400 naming the field', async () => {
    for (const [query, field, rule] of [['validAt=2020-02-30', 'query.validAt', 'invalid_format'], ['knownAt=1800-01-01', 'query.knownAt', 'implausible-date'], ['on=2020-01-01', 'query.on', 'unknown-parameter']]) {
      const res = await w.h.get(`/v1/audit/campaigns/${w.campaignId}?${query}`, w.tokens.auditor);
      expect([res.statusCode, res.headers['content-type']]).toEqual([400, expect.stringContaining('application/problem+json')]);
      expect(res.json().errors).toEqual([expect.objectContaining({ field, rule })]);
    }
  });
});
