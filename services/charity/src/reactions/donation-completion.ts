import { donationReceived } from '@grid/contracts';
import type { ReactionDefinition } from '@grid/platform/service';
import type { CharityServices } from '../composition';
import type { DonationView } from '../projections/campaigns.projection';

const SYSTEM = { id: 'charity-donation-completion', role: 'system' } as const;

/** A receipt issued (live, or voided and awaiting its reissue) and the lines in the fund: nothing left to repair. */
const completed = (d: DonationView | null): boolean => d !== null && (d.receipt !== null || d.voidedReceipts.length > 0) && d.booked;

/**
 * `charity.campaign.donation-received` → its receipt and its booking in the fund, when the request that received it
 * stopped before them (a crash). The read model answers first, once it holds what the request wrote; only a donation
 * it shows incomplete goes to the write side, through the request's own idempotent `completeDonation`.
 */
export const donationCompletionReaction: ReactionDefinition<CharityServices> = {
  name: 'reactions:charity.donation-completion',
  categories: ['campaign'],
  start:
    ({ services, readModels, store }) =>
    async (e) => {
      if (e.type !== donationReceived.type) return;
      const d = donationReceived.data.parse(e.data);
      // The request of this process that received it is still writing the rest: let it finish, then look.
      await services.commands.completionSettled(d.donationId);
      await readModels.reached(Math.max(e.globalPosition, await store.headPosition()));
      if (completed(await services.lookup.donation(d.donationId))) return;
      const ctx = { actor: SYSTEM, idSeed: e.eventId, causationId: e.eventId, correlationId: e.correlationId };
      const done = await services.commands.completeDonation(e.streamId.slice('campaign-'.length), { donationId: d.donationId, donorId: d.donor.donorId, gift: d.gift, restriction: d.restriction, on: d.on }, ctx);
      // The request that received it may be waiting on this reaction: it answers once the read models hold what it wrote.
      if (done.position) await readModels.reached(done.position);
    },
};
