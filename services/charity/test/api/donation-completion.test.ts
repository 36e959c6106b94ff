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

describe('a donation left without its receipt and booking (a crash after it was received)', () => {
  it('gets its receipt under the book’s next number and its lines in the fund, once, however often it is completed', async () => {
    expect((await give(100_000)).json().receipt.seq).toBe(1);
    // What a request that stopped right after 款物接收 leaves behind: the donation only.
    const data = { donationId: 'crashed-1', donor: { donorId: null, unnamedInPublic: true }, gift: money(70_000), pledgeId: null, restriction: null, on, by: staffActor };
    await w.h.infra.store.append(`campaign-${w.campaignId}`, [{ type: 'charity.campaign.donation-received', data, actor: staffActor }], { expectedRevision: 'any' });
    await w.h.service.caughtUp();

    const read = (await w.h.get('/v1/donations/crashed-1/receipt', w.tokens.staff)).json();
    expect(read.receipt).toMatchObject({ seq: 2, number: '2020-000002' });
    expect(await unrestricted()).toBe(170_000);

    const again = await w.h.service.services.commands.completeDonation(w.campaignId, { donationId: 'crashed-1', donorId: null, gift: money(70_000) as never, restriction: null, on }, { actor: staffActor, idSeed: 'again' } as never);
    expect(again.receipt.seq).toBe(2);
    expect((await give(10_000)).json().receipt.seq).toBe(3);
    expect(await unrestricted()).toBe(180_000);
  });
});
