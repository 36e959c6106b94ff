import type { CharityEvent, Entry, Recipient, Restriction } from '@grid/contracts';
import type { Projection, ProjectionContext } from '@grid/platform';
import { restrictionKey, stockKey, yearOf, type FundEvent } from '../domain';
import { ALLOCATIONS, FUNDS, RESTRICTED_POOLS, TRACES, TRANSACTIONS, YEAR_TOTALS } from './collections';

export type FundView = {
  fundId: string;
  organisationId: string;
  name: string;
  lastTx: number;
  /** Sums of lines by account (debit positive); every `allocated:<id>` account is summed under `allocated`. */
  lines: Record<string, number>;
  /** In-kind stock in thousandths of its unit, by item (`<itemKey>`) and 定向 item (`<itemKey>/<restriction key>`). */
  stock: Record<string, { milli: number; unit: string }>;
};
export type TransactionView = { fundId: string; tx: number; type: string; on: string; entries: Entry[]; ref: Record<string, string | number>; reversedBy: number | null };
export type AllocationView = {
  allocationId: string;
  fundId: string;
  organisationId: string;
  recipient: Recipient;
  purpose: string;
  amountFen: number;
  usedFen: number;
  restriction: Restriction | null;
  on: string;
  tx: number;
  reversed: boolean;
  uses: { useId: string; amountFen: number; evidenceRef: string; on: string; tx: number; reversed: boolean }[];
};
/** The donations credited under one restriction of one fund, money and goods: 定向 money and goods trace to these donors. */
export type RestrictedPoolView = {
  fundId: string;
  restriction: Restriction;
  donations: { donationId: string; campaignId: string; amountFen: number; tx: number; reversed: boolean }[];
  goods?: { donationId: string; campaignId: string; itemKey: string; quantity: number; valuationFen: number; tx: number; reversed: boolean }[];
};
export type YearTotalsView = { organisationId: string; year: number; incomeFen: number; charitableSpendingFen: number; managementCostsFen: number };
/** Who a recipient is reached by: its allocations (and goods issued), by id. */
export type TraceView = {
  recipient: Recipient;
  allocationIds: string[];
  goods: { fundId: string; issueId: string; itemKey: string; quantity: number; valuationFen: number; on: string; restriction?: Restriction | null; reversed?: boolean }[];
};

export const txId = (fundId: string, tx: number): string => `${fundId}:${String(tx).padStart(10, '0')}`;
export const poolId = (fundId: string, r: Restriction): string => `${fundId}|${restrictionKey(r)}`;
export const yearTotalsId = (organisationId: string, year: number): string => `${organisationId}:${year}`;
export const traceId = (r: { kind: 'household'; householdId: string } | { kind: 'project'; projectId: string }): string => (r.kind === 'household' ? `household:${r.householdId}` : `project:${r.projectId}`);

const fundIdOf = (streamId: string) => streamId.slice('fund-'.length);
const bucket = (account: string) => (account.startsWith('allocated:') ? 'allocated' : account);

function refOf(e: FundEvent): Record<string, string | number> {
  const d = e.data as Record<string, unknown>;
  const ref: Record<string, string | number> = {};
  for (const key of ['donationId', 'campaignId', 'allocationId', 'useId', 'costId', 'issueId', 'reverses', 'itemKey', 'quantity']) if (typeof d[key] === 'string' || typeof d[key] === 'number') ref[key] = d[key] as string | number;
  if (e.type === 'charity.fund.goods-issued' && e.data.to.kind === 'household') ref.householdId = e.data.to.householdId;
  if (e.type === 'charity.fund.goods-issued' && e.data.to.kind === 'project') ref.projectId = e.data.to.projectId;
  return ref;
}

async function addToTrace(ctx: ProjectionContext, recipient: Recipient, f: (t: TraceView) => TraceView): Promise<void> {
  if (recipient.kind === 'purpose') return;
  await ctx.update<TraceView>(TRACES, traceId(recipient), (t) => f(t ?? { recipient, allocationIds: [], goods: [] }));
}

/** The stock a goods transaction moved, from its lines (`in-kind-stock:<stock key>`). */
const stockOf = (t: TransactionView): string | undefined => t.entries.find((l) => l.account.startsWith('in-kind-stock:'))?.account.slice('in-kind-stock:'.length);
const milliOf = (quantity: number) => Math.round(quantity * 1000);

/** What an event moves in stock (thousandths, signed): goods received or issued, or the opposite of the goods a reversal undoes. */
function stockMove(e: FundEvent, reversed: TransactionView | null): { key: string; milli: number; unit?: string } | null {
  if (e.type === 'charity.fund.goods-received') return { key: stockKey(e.data.itemKey, e.data.restriction), milli: milliOf(e.data.quantity), unit: e.data.unit };
  if (e.type === 'charity.fund.goods-issued') return { key: stockKey(e.data.itemKey, e.data.restriction), milli: -milliOf(e.data.quantity) };
  const key = reversed && stockOf(reversed);
  const quantity = reversed?.ref.quantity;
  if (!key || typeof quantity !== 'number') return null;
  return { key, milli: reversed.type === 'charity.fund.goods-received' ? -milliOf(quantity) : milliOf(quantity) };
}

/** What a reversal undoes in the read models beside the ledger lines: the allocation, the use, the donation or the goods it names. */
async function undo(ctx: ProjectionContext, fundId: string, original: TransactionView, reversal: number): Promise<void> {
  await ctx.update<TransactionView>(TRANSACTIONS, txId(fundId, original.tx), (t) => t && { ...t, reversedBy: reversal });
  const { allocationId, useId, donationId, issueId, householdId, projectId } = original.ref;
  const key = stockOf(original);
  const reached: Recipient | null = typeof householdId === 'string' ? { kind: 'household', householdId } : typeof projectId === 'string' ? { kind: 'project', projectId } : null;
  if (original.type === 'charity.fund.goods-issued' && reached) {
    await addToTrace(ctx, reached, (t) => ({ ...t, goods: t.goods.map((g) => (g.issueId === issueId && g.fundId === fundId ? { ...g, reversed: true } : g)) }));
  }
  if (original.type === 'charity.fund.goods-received' && typeof donationId === 'string' && key?.includes('/')) {
    const pool = `${fundId}|${key.slice(key.indexOf('/') + 1)}`;
    await ctx.update<RestrictedPoolView>(RESTRICTED_POOLS, pool, (p) => p && { ...p, goods: (p.goods ?? []).map((g) => (g.donationId === donationId && g.tx === original.tx ? { ...g, reversed: true } : g)) });
  }
  if (original.type === 'charity.fund.allocated' && typeof allocationId === 'string') {
    await ctx.update<AllocationView>(ALLOCATIONS, allocationId, (a) => a && { ...a, reversed: true });
  }
  if (original.type === 'charity.fund.use-recorded' && typeof allocationId === 'string') {
    await ctx.update<AllocationView>(ALLOCATIONS, allocationId, (a) => a && { ...a, usedFen: a.usedFen - Math.abs(original.entries[0]!.amountFen), uses: a.uses.map((u) => (u.useId === useId ? { ...u, reversed: true } : u)) });
  }
  if (original.type === 'charity.fund.money-credited' && typeof donationId === 'string') {
    const credited = original.entries.find((l) => l.account.startsWith('restricted:'));
    if (!credited) return;
    const pool = `${fundId}|${credited.account.slice('restricted:'.length)}`;
    await ctx.update<RestrictedPoolView>(RESTRICTED_POOLS, pool, (p) => p && { ...p, donations: p.donations.map((d) => (d.donationId === donationId ? { ...d, reversed: true } : d)) });
  }
}

/**
 * The fund ledgers as reads need them: balances per fund, the transactions, allocations with their uses, the donors
 * under each restriction, yearly totals per organisation (indicators) and who reached each household or project
 * (trace). Everything here comes from one fund stream at a time, so per-stream order suffices.
 */
export const ledgerProjection: Projection<CharityEvent> = {
  name: 'charity.ledger',
  collections: [FUNDS, TRANSACTIONS, ALLOCATIONS, RESTRICTED_POOLS, YEAR_TOTALS, TRACES],
  handles: [
    'charity.fund.opened',
    'charity.fund.money-credited',
    'charity.fund.goods-received',
    'charity.fund.allocated',
    'charity.fund.use-recorded',
    'charity.fund.management-cost-charged',
    'charity.fund.goods-issued',
    'charity.fund.transaction-reversed',
  ],
  indexes: [
    { collection: TRANSACTIONS, spec: { fields: ['fundId'] } },
    { collection: ALLOCATIONS, spec: { fields: ['fundId'] } },
  ],
  async apply(event, ctx) {
    const e = event as unknown as FundEvent & { streamId: string };
    const fundId = fundIdOf(event.streamId);
    if (e.type === 'charity.fund.opened') {
      const { organisationId, name } = e.data;
      return ctx.update<FundView>(FUNDS, fundId, () => ({ fundId, organisationId, name, lastTx: 0, lines: {}, stock: {} }));
    }
    const fund = await ctx.get<FundView>(FUNDS, fundId);
    if (!fund) return;
    const d = e.data;
    const entries = d.entries;
    const reversed = e.type === 'charity.fund.transaction-reversed' ? await ctx.get<TransactionView>(TRANSACTIONS, txId(fundId, e.data.reverses)) : null;
    const move = stockMove(e, reversed);
    await ctx.update<FundView>(FUNDS, fundId, (f) => {
      if (!f) return f;
      const lines = { ...f.lines };
      for (const l of entries) lines[bucket(l.account)] = (lines[bucket(l.account)] ?? 0) + l.amountFen;
      const stock = { ...f.stock };
      if (move) stock[move.key] = { milli: (stock[move.key]?.milli ?? 0) + move.milli, unit: move.unit ?? stock[move.key]?.unit ?? '' };
      return { ...f, lastTx: d.tx, lines, stock };
    });
    await ctx.update<TransactionView>(TRANSACTIONS, txId(fundId, d.tx), () => ({ fundId, tx: d.tx, type: e.type, on: d.on, entries, ref: refOf(e), reversedBy: null }));
    await ctx.update<YearTotalsView>(YEAR_TOTALS, yearTotalsId(fund.organisationId, yearOf(d.on)), (y) => {
      const t = y ?? { organisationId: fund.organisationId, year: yearOf(d.on), incomeFen: 0, charitableSpendingFen: 0, managementCostsFen: 0 };
      let { incomeFen, charitableSpendingFen, managementCostsFen } = t;
      for (const { account, amountFen } of entries) {
        if (account.startsWith('income:')) incomeFen -= amountFen;
        else if (account === 'uses') charitableSpendingFen += amountFen;
        else if (account === 'management-costs') managementCostsFen += amountFen;
      }
      return { ...t, incomeFen, charitableSpendingFen, managementCostsFen };
    });
    switch (e.type) {
      case 'charity.fund.money-credited': {
        const { restriction, donationId, campaignId, amountFen, tx } = e.data;
        if (!restriction) return;
        return ctx.update<RestrictedPoolView>(RESTRICTED_POOLS, poolId(fundId, restriction), (p) => ({
          ...p,
          fundId,
          restriction,
          donations: [...(p?.donations ?? []).filter((x) => x.donationId !== donationId), { donationId, campaignId, amountFen, tx, reversed: false }],
        }));
      }
      case 'charity.fund.goods-received': {
        const { restriction, donationId, campaignId, itemKey, quantity, valuationFen, tx } = e.data;
        if (!restriction) return;
        return ctx.update<RestrictedPoolView>(RESTRICTED_POOLS, poolId(fundId, restriction), (p) => ({
          ...p,
          fundId,
          restriction,
          donations: p?.donations ?? [],
          goods: [...(p?.goods ?? []).filter((x) => x.tx !== tx), { donationId, campaignId, itemKey, quantity, valuationFen, tx, reversed: false }],
        }));
      }
      case 'charity.fund.allocated': {
        const { allocationId, recipient, purpose, amountFen, restriction, on, tx } = e.data;
        await ctx.update<AllocationView>(ALLOCATIONS, allocationId, () => ({ allocationId, fundId, organisationId: fund.organisationId, recipient, purpose, amountFen, usedFen: 0, restriction, on, tx, reversed: false, uses: [] }));
        return addToTrace(ctx, recipient, (t) => ({ ...t, allocationIds: [...t.allocationIds.filter((id) => id !== allocationId), allocationId] }));
      }
      case 'charity.fund.use-recorded': {
        const { useId, allocationId, amountFen, evidenceRef, on, tx } = e.data;
        return ctx.update<AllocationView>(ALLOCATIONS, allocationId, (a) => a && { ...a, usedFen: a.usedFen + amountFen, uses: [...a.uses, { useId, amountFen, evidenceRef, on, tx, reversed: false }] });
      }
      case 'charity.fund.goods-issued': {
        const { to, issueId, itemKey, quantity, valuationFen, on } = e.data;
        if (to.kind === 'charity-supermarket') return;
        const recipient: Recipient = to.kind === 'household' ? { kind: 'household', householdId: to.householdId } : { kind: 'project', projectId: to.projectId };
        const restriction = e.data.restriction ?? null;
        return addToTrace(ctx, recipient, (t) => ({ ...t, goods: [...t.goods.filter((g) => g.issueId !== issueId), { fundId, issueId, itemKey, quantity, valuationFen, on, restriction, reversed: false }] }));
      }
      case 'charity.fund.transaction-reversed':
        if (reversed) await undo(ctx, fundId, reversed, e.data.tx);
        return;
    }
  },
};
