import type { CharityEvent, HelpProjectsEvent } from '@grid/contracts';
import type { Projection } from '@grid/platform';
import type { IsoDate } from '../../domain';

export const AID_HISTORY = 'aid_history';
/** Per fund: which of its transactions reached a household, so a reversal (it names only the tx) finds its entry. */
export const AID_FUND_TX = 'aid_fund_tx';

/** One piece of aid that reached a household from another service, learned from that service's events only. */
export type AidEntry =
  | { kind: 'charity-allocation'; entryId: string; fundId: string; allocationId: string; purpose: string; amountFen: number; usedFen: number; on: IsoDate; reversed: boolean }
  | { kind: 'charity-goods'; entryId: string; fundId: string; issueId: string; itemKey: string; quantity: number; valuationFen: number; on: IsoDate; reversed: boolean }
  | { kind: 'help-project-service'; entryId: string; projectId: string; serviceId: string; personId: string; memberId: string; personTimes: number; costFen: number; on: IsoDate; reversed: false };

export type AidHistoryDoc = { householdId: string; entries: AidEntry[] };
type FundTxDoc = { tx: Record<string, { householdId: string; entryId: string; useOf?: string; amountFen?: number }> };

const HANDLES = ['charity.fund.allocated', 'charity.fund.use-recorded', 'charity.fund.goods-issued', 'charity.fund.transaction-reversed', 'help-projects.project.service-recorded'] as const;

const fundOf = (streamId: string): string => streamId.slice('fund-'.length);

/** Adds or replaces one entry of a household's history (by entry id, so a redelivered event changes nothing). */
const upsert = (householdId: string, entry: AidEntry) => (doc: AidHistoryDoc | null): AidHistoryDoc => ({
  householdId,
  entries: [...(doc?.entries ?? []).filter((x) => x.entryId !== entry.entryId), entry],
});

const changeEntry = (entryId: string, fn: (e: AidEntry) => AidEntry) => (doc: AidHistoryDoc | null): AidHistoryDoc | null =>
  doc && { ...doc, entries: doc.entries.map((x) => (x.entryId === entryId ? fn(x) : x)) };

/**
 * 救助帮扶记录: a household's aid from charity (allocations and goods issued to it) and from help projects (services
 * delivered), consumed from their topics; grid-records never asks those services. Per-stream order suffices: a
 * reversal or a use reads the fund's own tx document, written by earlier events of the same fund stream.
 */
export const aidHistoryProjection: Projection<CharityEvent | HelpProjectsEvent> = {
  name: 'grid-records.aid-history',
  collections: [AID_HISTORY, AID_FUND_TX],
  handles: HANDLES,
  async apply(event, ctx) {
    const e = event;
    switch (e.type) {
      case 'help-projects.project.service-recorded': {
        const d = e.data;
        const entry: AidEntry = { kind: 'help-project-service', entryId: `service:${d.serviceId}`, projectId: d.projectId, serviceId: d.serviceId, personId: d.personId, memberId: d.memberId, personTimes: d.personTimes, costFen: d.costFen, on: d.servedOn, reversed: false };
        await ctx.update<AidHistoryDoc>(AID_HISTORY, d.householdId, upsert(d.householdId, entry));
        return;
      }
      case 'charity.fund.allocated': {
        const d = e.data;
        if (d.recipient.kind !== 'household') return;
        const { householdId } = d.recipient;
        const fundId = fundOf(e.streamId);
        const entryId = `allocation:${fundId}:${d.allocationId}`;
        await ctx.update<FundTxDoc>(AID_FUND_TX, fundId, (doc) => ({ tx: { ...doc?.tx, [d.tx]: { householdId, entryId } } }));
        const entry: AidEntry = { kind: 'charity-allocation', entryId, fundId, allocationId: d.allocationId, purpose: d.purpose, amountFen: d.amountFen, usedFen: 0, on: d.on, reversed: false };
        await ctx.update<AidHistoryDoc>(AID_HISTORY, householdId, upsert(householdId, entry));
        return;
      }
      case 'charity.fund.goods-issued': {
        const d = e.data;
        if (d.to.kind !== 'household') return;
        const { householdId } = d.to;
        const fundId = fundOf(e.streamId);
        const entryId = `goods:${fundId}:${d.issueId}`;
        await ctx.update<FundTxDoc>(AID_FUND_TX, fundId, (doc) => ({ tx: { ...doc?.tx, [d.tx]: { householdId, entryId } } }));
        const entry: AidEntry = { kind: 'charity-goods', entryId, fundId, issueId: d.issueId, itemKey: d.itemKey, quantity: d.quantity, valuationFen: d.valuationFen, on: d.on, reversed: false };
        await ctx.update<AidHistoryDoc>(AID_HISTORY, householdId, upsert(householdId, entry));
        return;
      }
      case 'charity.fund.use-recorded': {
        const d = e.data;
        const fundId = fundOf(e.streamId);
        const known = await ctx.get<FundTxDoc>(AID_FUND_TX, fundId);
        const allocation = Object.values(known?.tx ?? {}).find((t) => t.entryId === `allocation:${fundId}:${d.allocationId}`);
        if (!allocation) return;
        await ctx.update<FundTxDoc>(AID_FUND_TX, fundId, (doc) => ({ tx: { ...doc?.tx, [d.tx]: { ...allocation, useOf: allocation.entryId, amountFen: d.amountFen } } }));
        await ctx.update<AidHistoryDoc>(AID_HISTORY, allocation.householdId, changeEntry(allocation.entryId, (x) => (x.kind === 'charity-allocation' ? { ...x, usedFen: x.usedFen + d.amountFen } : x)));
        return;
      }
      case 'charity.fund.transaction-reversed': {
        const d = e.data;
        const fundId = fundOf(e.streamId);
        const original = (await ctx.get<FundTxDoc>(AID_FUND_TX, fundId))?.tx[d.reverses];
        if (!original) return;
        const undo = (x: AidEntry): AidEntry =>
          original.useOf ? (x.kind === 'charity-allocation' ? { ...x, usedFen: x.usedFen - (original.amountFen ?? 0) } : x) : x.kind === 'help-project-service' ? x : { ...x, reversed: true };
        await ctx.update<AidHistoryDoc>(AID_HISTORY, original.householdId, changeEntry(original.entryId, undo));
        return;
      }
    }
  },
};
