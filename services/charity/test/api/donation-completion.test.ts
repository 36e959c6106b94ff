import { donationReceived, type Envelope } from '@grid/contracts';
import { donationCompletionReaction } from '../../src/reactions/donation-completion';
import { money, startWorld, type World } from './world';

let w: World;
const on = '2020-05-10';
const staffActor = { id: 'staff-li', role: 'charity-staff' };
beforeAll(async () => {
  w = await startWorld();
});
afterAll(() => w.h.close());

const give = (amountFen: number) => w.h.post(`/v1/campaigns/${w.campaignId}/donations`, { on, donor: { kind: 'anonymous' }, gift: money(amountFen) }, w.tokens.staff);
const unrestricted = async () => (await w.h.get(`/v1/funds/${w.fundId}/ledger`, w.tokens.staff)).json().balances.unrestricted;
const book = () => w.h.infra.store.readStream(`receipts-${w.organisationId}-2020`);
const receiptOf = async (donationId: string) => (await w.h.get(`/v1/donations/${donationId}/receipt`, w.tokens.staff)).json();

/** The donation's `donation-received` event as the store holds it. */
async function receivedEvent(donationId: string): Promise<Envelope> {
  const events = await w.h.infra.store.readStream(`campaign-${w.campaignId}`);
  return events.find((e) => e.type === 'charity.campaign.donation-received' && (e.data as { donationId: string }).donationId === donationId)!;
}

/** The same event handed to the repair reaction again, as a consumer does after a crash before its checkpoint. */
async function redeliver(e: Envelope): Promise<void> {
  await w.h.service.caughtUp();
  const { store } = w.h.infra;
  const react = donationCompletionReaction.start({ store, documents: w.h.infra.documents, readModels: { reached: () => w.h.service.caughtUp() }, services: w.h.service.services });
  await react(e);
  await w.h.service.caughtUp();
}

describe('a donation left without its receipt and booking (a crash after it was received)', () => {
  it('gets its receipt under the book’s next number and its lines in the fund, once, however often it is completed', async () => {
    const first = (await give(100_000)).json().receipt.seq as number;
    // What a request that stopped right after 款物接收 leaves behind: the donation only.
    const data = { donationId: 'crashed-1', donor: { donorId: null, unnamedInPublic: true }, gift: money(70_000), pledgeId: null, restriction: null, on, by: staffActor };
    await w.h.infra.store.append(`campaign-${w.campaignId}`, [{ type: 'charity.campaign.donation-received', data, actor: staffActor }], { expectedRevision: 'any' });
    await w.h.service.caughtUp();

    expect((await receiptOf('crashed-1')).receipt).toMatchObject({ seq: first + 1 });
    const balance = await unrestricted();

    await redeliver(await receivedEvent('crashed-1'));
    expect((await receiptOf('crashed-1')).receipt).toMatchObject({ seq: first + 1 });
    expect((await give(10_000)).json().receipt.seq).toBe(first + 2);
    expect(await unrestricted()).toBe(balance + 10_000);
  });
});

describe('a redelivered donation event', () => {
  it('issues no new receipt for a donation whose receipt was voided and not yet reissued', async () => {
    const { id } = (await give(20_000)).json();
    const voided = await w.h.post(`/v1/donations/${id}/receipt/void`, { reason: '抬头有误', reissue: false, on }, w.tokens.staff);
    expect(voided.statusCode).toBe(201);
    const before = (await book()).length;

    const e = await receivedEvent(id);
    await redeliver(e);
    // The write side itself, as a repair reaches it when the read model is behind or rebuilt.
    const { donationId, donor, gift, restriction, on: day } = donationReceived.data.parse(e.data);
    const again = await w.h.service.services.commands.completeDonation(w.campaignId, { donationId, donorId: donor.donorId, gift, restriction, on: day }, { actor: { id: 'repair', role: 'system' }, idSeed: 'repair-after-void' });

    expect(again.receipt).toBeNull();
    expect((await book()).length).toBe(before);
    expect((await receiptOf(id)).receipt).toBeNull();
  });

  it('leaves the voided receipt to the explicit reissue, which names its reason', async () => {
    const { id, receipt } = (await give(30_000)).json();
    await w.h.post(`/v1/donations/${id}/receipt/void`, { reason: '抬头有误', reissue: false, on }, w.tokens.staff);
    await redeliver(await receivedEvent(id));

    const noReason = await w.h.post(`/v1/donations/${id}/receipt/reissue`, { on }, w.tokens.staff);
    expect(noReason.statusCode).toBe(400);
    const res = await w.h.post(`/v1/donations/${id}/receipt/reissue`, { reason: '更正抬头', on }, w.tokens.staff);
    expect(res.statusCode).toBe(201);
    const last = (await book()).at(-1)!;
    expect(last).toMatchObject({ type: 'charity.receipt.issued', data: { donationId: id, replacesSeq: receipt.seq, reason: '更正抬头' } });
    expect((await receiptOf(id)).receipt).toMatchObject({ number: res.json().receipt.number });
  });
});

describe('the repair reaction on a donation completed by its own request', () => {
  it('writes nothing and sends no command', async () => {
    const commands = w.h.service.services.commands;
    const completions: string[] = [];
    const original = commands.completeDonation.bind(commands);
    const spy = jest.spyOn(commands, 'completeDonation').mockImplementation((campaignId, d, ctx) => {
      if (ctx.actor.role === 'system') completions.push(d.donationId);
      return original(campaignId, d, ctx);
    });
    try {
      const head = await w.h.infra.store.headPosition();
      const { id } = (await give(40_000)).json();
      await redeliver(await receivedEvent(id));

      expect(completions).toEqual([]);
      const written: Envelope[] = [];
      for await (const e of w.h.infra.store.readAll({ fromPosition: head })) written.push(e);
      expect(written.filter((e) => e.actor.role === 'system')).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });
});
