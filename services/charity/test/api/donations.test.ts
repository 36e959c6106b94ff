import { money, startWorld, type World } from './world';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(() => w.h.close());

const donate = (body: Record<string, unknown>, token = w.tokens.staff) => w.h.post(`/v1/campaigns/${w.campaignId}/donations`, { on: '2020-03-05', ...body }, token);

describe('donations and receipts', () => {
  it('issues the receipt in the same request as the donation and books the money in the fund', async () => {
    const res = await donate({ donor: { kind: 'person', name: '王秀英' }, gift: money(50_000) });
    expect(res.statusCode).toBe(201);
    const { id, receipt } = res.json();
    expect(receipt).toEqual({ seq: expect.any(Number), number: expect.stringMatching(/^2020-\d{6}$/) });
    const read = (await w.h.get(`/v1/donations/${id}/receipt`, w.tokens.staff)).json();
    expect(read).toMatchObject({ donor: '王秀英', valueFen: 50_000, receipt: { number: receipt.number } });
    expect((await w.h.get(`/v1/donations/${id}/receipt`, w.tokens.district)).json().donor).toBe('王**');
    const ledger = (await w.h.get(`/v1/funds/${w.fundId}/ledger`, w.tokens.auditor)).json();
    expect(ledger.balances.unrestricted).toBeGreaterThanOrEqual(50_000);
  });

  it('numbers receipts 1, 2, 3 … without gaps when donations arrive in parallel', async () => {
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => donate({ donor: { kind: 'anonymous' }, gift: money(100 + i) })));
    expect(answers.map((r) => r.statusCode)).toEqual(answers.map(() => 201));
    const seqs = answers.map((r) => r.json().receipt.seq as number).sort((a, b) => a - b);
    const first = seqs[0]!;
    expect(seqs).toEqual(seqs.map((_, i) => first + i));
    const book = await w.h.infra.store.readStream(`receipts-${w.organisationId}-2020`);
    expect(book.map((e) => (e.data as { seq: number }).seq)).toEqual(book.map((_, i) => i + 1));
  });

  it('voids a receipt with a reason and reissues it under the next number, keeping the void on record', async () => {
    const { id, receipt } = (await donate({ donor: { kind: 'organisation', name: '永州电力公司' }, gift: money(10_000) })).json();
    const res = await w.h.post(`/v1/donations/${id}/receipt/void`, { reason: '抬头有误', reissue: true, on: '2020-03-06' }, w.tokens.staff);
    expect(res.statusCode).toBe(201);
    expect(res.json().receipt.seq).toBeGreaterThan(receipt.seq);
    const read = (await w.h.get(`/v1/donations/${id}/receipt`, w.tokens.staff)).json();
    expect(read.receipt.number).toBe(res.json().receipt.number);
    expect(read.voided).toEqual([expect.objectContaining({ number: receipt.number, reason: '抬头有误' })]);
  });

  it('refuses a donation outside the campaign’s period, naming the rule and field', async () => {
    const res = await donate({ donor: { kind: 'anonymous' }, gift: money(100), on: '2021-01-05' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors[0]).toMatchObject({ rule: 'campaign-ended', field: 'on' });
  });

  it('answers malformed input with 400 problem+json naming the field, never 5xx', async () => {
    for (const body of [{ donor: { kind: 'anonymous' }, gift: money(-5) }, { donor: { kind: 'ghost' }, gift: money(5) }, { donor: { kind: 'anonymous' }, gift: { kind: 'money', amountFen: 1.5, channel: 'cash' } }, {}]) {
      const res = await donate(body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.length).toBeGreaterThan(0);
    }
  });
});
