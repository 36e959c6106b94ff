import { PersistentMap } from '@grid/platform/decider';
import type { FundEvent } from '../events';
import { ACCOUNT, applyEntries, stockKey } from './accounts';
import type { Fund, FundState, Transaction } from './types';

export const toMilli = (quantity: number): number => Math.round(quantity * 1000);

function booked(f: Fund, tx: number, record: Transaction, id: string | null): Fund {
  return {
    ...f,
    lastTx: tx,
    balances: applyEntries(f.balances, record.entries),
    transactions: f.transactions.set(String(tx), record),
    booked: id === null ? f.booked : f.booked.set(id, true),
  };
}

function withStock(f: Fund, key: string, milli: number, unit?: string): Fund {
  const current = f.stock.get(key);
  return { ...f, stock: f.stock.set(key, { milli: (current?.milli ?? 0) + milli, unit: unit ?? current?.unit ?? '' }) };
}

export function evolveFund(s: FundState, e: FundEvent): FundState {
  if (e.type === 'charity.fund.opened') {
    const empty = PersistentMap.empty<never>();
    return { fundId: e.data.fundId, organisationId: e.data.organisationId, lastTx: 0, balances: empty, transactions: empty, allocations: empty, stock: empty, booked: empty };
  }
  if (!s) return s;
  switch (e.type) {
    case 'charity.fund.money-credited':
      return booked(s, e.data.tx, { kind: 'money', entries: e.data.entries, reversedBy: null }, `donation:${e.data.donationId}`);
    case 'charity.fund.goods-received': {
      const goods = { stock: stockKey(e.data.itemKey, e.data.restriction), milli: toMilli(e.data.quantity) };
      const f = booked(s, e.data.tx, { kind: 'goods-received', entries: e.data.entries, reversedBy: null, goods }, `donation:${e.data.donationId}`);
      return withStock(f, goods.stock, goods.milli, e.data.unit);
    }
    case 'charity.fund.allocated': {
      const f = booked(s, e.data.tx, { kind: 'allocation', entries: e.data.entries, reversedBy: null, allocationId: e.data.allocationId }, null);
      const source = e.data.restriction ? ACCOUNT.restricted(e.data.restriction) : ACCOUNT.unrestricted;
      return { ...f, allocations: f.allocations.set(e.data.allocationId, { amountFen: e.data.amountFen, source, reversed: false }) };
    }
    case 'charity.fund.use-recorded':
      return booked(s, e.data.tx, { kind: 'use', entries: e.data.entries, reversedBy: null, allocationId: e.data.allocationId }, `use:${e.data.useId}`);
    case 'charity.fund.management-cost-charged':
      return booked(s, e.data.tx, { kind: 'management-cost', entries: e.data.entries, reversedBy: null }, `cost:${e.data.costId}`);
    case 'charity.fund.goods-issued': {
      const goods = { stock: stockKey(e.data.itemKey, e.data.restriction), milli: -toMilli(e.data.quantity) };
      const f = booked(s, e.data.tx, { kind: 'goods-issued', entries: e.data.entries, reversedBy: null, goods }, `issue:${e.data.issueId}`);
      return withStock(f, goods.stock, goods.milli);
    }
    case 'charity.fund.transaction-reversed': {
      const original = s.transactions.get(String(e.data.reverses))!;
      let f = booked(s, e.data.tx, { kind: 'reversal', entries: e.data.entries, reversedBy: null }, null);
      f = { ...f, transactions: f.transactions.set(String(e.data.reverses), { ...original, reversedBy: e.data.tx }) };
      if (original.goods) f = withStock(f, original.goods.stock, -original.goods.milli);
      const allocation = original.kind === 'allocation' ? f.allocations.get(original.allocationId!) : undefined;
      if (allocation) f = { ...f, allocations: f.allocations.set(original.allocationId!, { ...allocation, reversed: true }) };
      return f;
    }
  }

}
