import { donationReceived } from '@grid/contracts';
import type { ReactionDefinition } from '@grid/platform/service';
import type { CharityServices } from '../composition';

const SYSTEM = { id: 'charity-donation-completion', role: 'system' } as const;

/**
 * `charity.campaign.donation-received` → its receipt and its booking in the fund, when the request that received it
 * stopped before them (a crash): the same application call, which issues and books nothing a second time.
 */
export const donationCompletionReaction: ReactionDefinition<CharityServices> = {
  name: 'reactions:charity.donation-completion',
  categories: ['campaign'],
  start:
    ({ services, readModels }) =>
    async (e) => {
      if (e.type !== donationReceived.type) return;
      const d = donationReceived.data.parse(e.data);
      const ctx = { actor: SYSTEM, idSeed: e.eventId, causationId: e.eventId, correlationId: e.correlationId };
      const done = await services.commands.completeDonation(e.streamId.slice('campaign-'.length), { donationId: d.donationId, donorId: d.donor.donorId, gift: d.gift, restriction: d.restriction, on: d.on }, ctx);
      // The request that received it may be waiting on this reaction: it answers once the read models hold what it wrote.
      if (done.position) await readModels.reached(done.position);
    },
};
