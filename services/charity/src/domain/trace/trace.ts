import type { Recipient, Restriction } from '@grid/contracts';
import type { FundEvent } from '../events';
import type { IsoDate } from '../dates';
import { restrictionKey } from '../fund/accounts';

export interface Donation {
  donationId: string;
  campaignId: string;
  amountFen: number;
}

export interface TracedAllocation {
  allocationId: string;
  recipient: Recipient;
  purpose: string;
  amountFen: number;
  usedFen: number;
  on: IsoDate;
  /**
   * Unrestricted money is fungible inside its fund: it traces to the allocation and no further. 定向 money traces to
   * the donations credited to its restricted account (pooled with others under the same restriction).
   */
  source: { kind: 'unrestricted' } | { kind: 'restricted'; restriction: Restriction; donations: Donation[] };
}

/** Which money reached a recipient (a household, a help project): its allocations not reversed, their uses, their donors. */
export function traceRecipient(events: Iterable<FundEvent>, reached: (r: Recipient) => boolean): TracedAllocation[] {
  const credited = new Map<string, Donation[]>();
  const byTx = new Map<number, { allocationId?: string; donation?: { key: string; donationId: string }; useOf?: { allocationId: string; amountFen: number } }>();
  const traced = new Map<string, TracedAllocation>();
  for (const e of events) {
    switch (e.type) {
      case 'charity.fund.money-credited': {
        if (!e.data.restriction) break;
        const key = restrictionKey(e.data.restriction);
        credited.set(key, [...(credited.get(key) ?? []), { donationId: e.data.donationId, campaignId: e.data.campaignId, amountFen: e.data.amountFen }]);
        byTx.set(e.data.tx, { donation: { key, donationId: e.data.donationId } });
        break;
      }
      case 'charity.fund.allocated': {
        const { allocationId, recipient, purpose, amountFen, on, restriction } = e.data;
        byTx.set(e.data.tx, { allocationId });
        if (!reached(recipient)) break;
        const source: TracedAllocation['source'] = restriction ? { kind: 'restricted', restriction, donations: [] } : { kind: 'unrestricted' };
        traced.set(allocationId, { allocationId, recipient, purpose, amountFen, usedFen: 0, on, source });
        break;
      }
      case 'charity.fund.use-recorded': {
        byTx.set(e.data.tx, { useOf: { allocationId: e.data.allocationId, amountFen: e.data.amountFen } });
        const a = traced.get(e.data.allocationId);
        if (a) traced.set(a.allocationId, { ...a, usedFen: a.usedFen + e.data.amountFen });
        break;
      }
      case 'charity.fund.transaction-reversed': {
        const original = byTx.get(e.data.reverses);
        if (original?.allocationId) traced.delete(original.allocationId);
        if (original?.donation) {
          const { key, donationId } = original.donation;
          credited.set(key, (credited.get(key) ?? []).filter((d) => d.donationId !== donationId));
        }
        const a = original?.useOf && traced.get(original.useOf.allocationId);
        if (a && original?.useOf) traced.set(a.allocationId, { ...a, usedFen: a.usedFen - original.useOf.amountFen });
        break;
      }
    }
  }
  return [...traced.values()].map((a) => (a.source.kind === 'restricted' ? { ...a, source: { ...a.source, donations: credited.get(restrictionKey(a.source.restriction)) ?? [] } } : a));
}
