import { refused, type Decider } from '@grid/platform/decider';
import type { Entry, Restriction } from '@grid/contracts';
import { evt, type FundEvent } from '../events';
import { ART } from '../rules/articles';
import { ACCOUNT, balanceOf, overdrawn, projectOf, restrictionKey, restrictionUnmet, stockKey, transfer, type Destination } from './accounts';
import { evolveFund, toMilli } from './evolve-fund';
import type { Fund, FundCommand, FundState } from './types';

type Cmd<T extends FundCommand['type']> = Extract<FundCommand, { type: T }>;

function opened(s: FundState): Fund {
  if (!s) throw refused('no-fund', 'no fund with this id has been opened');
  return s;
}

function positive(amountFen: number, field = 'amountFen'): void {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw refused('amount-positive', 'an amount is a positive whole number of fen', { field });
}

function notBooked(s: Fund, key: string, rule: string, detail: string): void {
  if (s.booked.has(key)) throw refused(rule, detail);
}

/** A donation reaches the fund from the campaign's event, delivered at least once: booked again, it books nothing. */
const bookedDonation = (s: Fund, donationId: string): boolean => s.booked.has(`donation:${donationId}`);

/** 定向 money or goods go only where the donor said: the refusal names the restriction and the field it fails on. */
function meets(r: Restriction, d: Destination, what: string, projectField: string): void {
  const unmet = restrictionUnmet(r, d);
  if (!unmet) return;
  const field = { region: 'regionPath', project: projectField, purpose: 'purpose' }[unmet];
  throw refused('restriction-not-met', `定向 ${what} (${restrictionKey(r)}) may go only where the donor said`, { field, source: ART.directed });
}

/** Money leaves an account only up to what it holds: never twice, never beyond its balance. */
function covered(s: Fund, account: string, amountFen: number, rule = 'insufficient-funds'): void {
  const balance = balanceOf(s.balances, account);
  if (balance < amountFen) throw refused(rule, `${account} holds ${balance} fen; ${amountFen} fen asked`, { field: 'amountFen' });
}

function creditMoney(cmd: Cmd<'credit-money'>, s: Fund): FundEvent[] {
  positive(cmd.amountFen);
  if (bookedDonation(s, cmd.donationId)) return [];
  const to = cmd.restriction ? ACCOUNT.restricted(cmd.restriction) : ACCOUNT.unrestricted;
  const { type: _type, ...data } = cmd;
  return [evt('charity.fund.money-credited', { tx: s.lastTx + 1, ...data, entries: transfer(ACCOUNT.income(cmd.campaignId), to, cmd.amountFen) }, cmd.on)];
}

/** Goods into stock at their valuation; 定向 goods into the item's stock under the donor's restriction. */
function receiveGoods(cmd: Cmd<'receive-goods'>, s: Fund): FundEvent[] {
  if (bookedDonation(s, cmd.donationId)) return [];
  return cmd.items.map((item, i) => {
    positive(item.valuationFen, `items.${i}.valuationFen`);
    const key = stockKey(item.itemKey, cmd.restriction);
    const known = s.stock.get(key);
    if (known && known.milli > 0 && known.unit !== item.unit) throw refused('stock-unit', `${item.itemKey} is counted in ${known.unit}`, { field: `items.${i}.unit` });
    const entries = transfer(ACCOUNT.income(cmd.campaignId), ACCOUNT.stock(key), item.valuationFen);
    const { donationId, campaignId, valuation, restriction, on, by } = cmd;
    return evt('charity.fund.goods-received', { tx: s.lastTx + 1 + i, donationId, campaignId, ...item, valuation, restriction, entries, on, by }, on);
  });
}

/** 分配: from unrestricted money, or from a restricted account to a recipient that meets its restriction (定向). */
function allocate(cmd: Cmd<'allocate'>, s: Fund): FundEvent[] {
  positive(cmd.amountFen);
  if (s.allocations.has(cmd.allocationId)) throw refused('allocation-exists', `allocation ${cmd.allocationId} is already booked`, { field: 'allocationId' });
  const r = cmd.restriction;
  if (r) meets(r, { projectId: projectOf(cmd.recipient), regionPath: cmd.regionPath, purpose: cmd.purpose }, 'money', 'recipient');
  const source = r ? ACCOUNT.restricted(r) : ACCOUNT.unrestricted;
  covered(s, source, cmd.amountFen);
  const { type: _type, ...data } = cmd;
  return [evt('charity.fund.allocated', { tx: s.lastTx + 1, ...data, entries: transfer(source, ACCOUNT.allocated(cmd.allocationId), cmd.amountFen) }, cmd.on)];
}

/** 使用: allocated money spent, with its evidence; at most what the allocation still holds. */
function recordUse(cmd: Cmd<'record-use'>, s: Fund): FundEvent[] {
  positive(cmd.amountFen);
  notBooked(s, `use:${cmd.useId}`, 'use-exists', `use ${cmd.useId} is already booked`);
  const allocation = s.allocations.get(cmd.allocationId);
  if (!allocation) throw refused('no-allocation', `no allocation ${cmd.allocationId} in this fund`, { field: 'allocationId' });
  if (allocation.reversed) throw refused('allocation-reversed', `allocation ${cmd.allocationId} was reversed`, { field: 'allocationId' });
  if (cmd.evidenceRef.trim() === '') throw refused('evidence-required', 'a use names its evidence', { field: 'evidenceRef' });
  covered(s, ACCOUNT.allocated(cmd.allocationId), cmd.amountFen, 'use-exceeds-allocation');
  const { type: _type, ...data } = cmd;
  return [evt('charity.fund.use-recorded', { tx: s.lastTx + 1, ...data, entries: transfer(ACCOUNT.allocated(cmd.allocationId), ACCOUNT.uses, cmd.amountFen) }, cmd.on)];
}

/** Management costs come out of unrestricted money only: 定向 money goes where the donor said. */
function chargeManagementCost(cmd: Cmd<'charge-management-cost'>, s: Fund): FundEvent[] {
  positive(cmd.amountFen);
  notBooked(s, `cost:${cmd.costId}`, 'cost-exists', `cost ${cmd.costId} is already booked`);
  covered(s, ACCOUNT.unrestricted, cmd.amountFen);
  const { type: _type, ...data } = cmd;
  return [evt('charity.fund.management-cost-charged', { tx: s.lastTx + 1, ...data, entries: transfer(ACCOUNT.unrestricted, ACCOUNT.managementCosts, cmd.amountFen) }, cmd.on)];
}

/**
 * Goods leave stock at their share of the stock's valuation; the last of an item takes what value is left. 定向 goods
 * leave their restricted stock only for a destination that meets the restriction.
 */
function issueGoods(cmd: Cmd<'issue-goods'>, s: Fund): FundEvent[] {
  notBooked(s, `issue:${cmd.issueId}`, 'issue-exists', `issue ${cmd.issueId} is already booked`);
  const r = cmd.restriction;
  if (r) meets(r, { projectId: projectOf(cmd.to), regionPath: cmd.regionPath ?? [], purpose: cmd.purpose ?? null }, 'goods', 'to');
  const key = stockKey(cmd.itemKey, r);
  const stock = s.stock.get(key);
  const milli = toMilli(cmd.quantity);
  if (milli <= 0) throw refused('quantity-positive', 'a quantity is positive', { field: 'quantity' });
  if (!stock || stock.milli < milli) throw refused('not-in-stock', `${key}: ${(stock?.milli ?? 0) / 1000} ${stock?.unit ?? ''} in stock`, { field: 'quantity' });
  const value = balanceOf(s.balances, ACCOUNT.stock(key));
  const valuationFen = milli === stock.milli ? value : Number((BigInt(value) * BigInt(milli)) / BigInt(stock.milli));
  if (valuationFen <= 0) throw refused('below-one-fen', `${cmd.quantity} ${stock.unit} of ${cmd.itemKey} is worth less than one fen`, { field: 'quantity' });
  const { type: _type, ...data } = cmd;
  return [evt('charity.fund.goods-issued', { tx: s.lastTx + 1, ...data, valuationFen, entries: transfer(ACCOUNT.stock(key), ACCOUNT.uses, valuationFen) }, cmd.on)];
}

/** 冲销: the opposite lines of one transaction, once, and only while every account they touch can take them. */
function reverse(cmd: Cmd<'reverse'>, s: Fund): FundEvent[] {
  const original = s.transactions.get(String(cmd.reverses));
  if (!original) throw refused('no-such-transaction', `no transaction ${cmd.reverses} in this fund`, { field: 'reverses' });
  if (original.kind === 'reversal') throw refused('reversal-of-reversal', `transaction ${cmd.reverses} is itself a reversal`, { field: 'reverses' });
  if (original.reversedBy !== null) throw refused('already-reversed', `transaction ${cmd.reverses} was reversed by ${original.reversedBy}`, { field: 'reverses' });
  if (cmd.reason.trim() === '') throw refused('reason-required', 'a reversal gives its reason', { field: 'reason' });
  const entries: Entry[] = original.entries.map((l) => ({ account: l.account, amountFen: -l.amountFen }));
  const short = overdrawn(s.balances, entries);
  if (short) throw refused('reversal-would-overdraw', `reversing ${cmd.reverses} would leave ${short.account} at ${short.balance} fen: what came from it has moved on`, { field: 'reverses' });
  if (original.goods && original.goods.milli > 0 && (s.stock.get(original.goods.stock)?.milli ?? 0) < original.goods.milli) {
    throw refused('reversal-would-overdraw', `the goods of ${cmd.reverses} have left stock`, { field: 'reverses' });
  }
  return [evt('charity.fund.transaction-reversed', { tx: s.lastTx + 1, reverses: cmd.reverses, reason: cmd.reason, entries, on: cmd.on, by: cmd.by }, cmd.on)];
}

export function decideFund(cmd: FundCommand, state: FundState): FundEvent[] {
  if (cmd.type === 'open-fund') {
    if (state) throw refused('fund-exists', `fund ${state.fundId} is already open`);
    return [evt('charity.fund.opened', { fundId: cmd.fundId, organisationId: cmd.organisationId, name: cmd.name, on: cmd.on, by: cmd.by }, cmd.on)];
  }
  const s = opened(state);
  switch (cmd.type) {
    case 'credit-money':
      return creditMoney(cmd, s);
    case 'receive-goods':
      return receiveGoods(cmd, s);
    case 'allocate':
      return allocate(cmd, s);
    case 'record-use':
      return recordUse(cmd, s);
    case 'charge-management-cost':
      return chargeManagementCost(cmd, s);
    case 'issue-goods':
      return issueGoods(cmd, s);
    case 'reverse':
      return reverse(cmd, s);
  }
}

/** Stream `fund-<fundId>`: one fund's double-entry ledger. */
export const fundDecider: Decider<FundCommand, FundEvent, FundState> = { initialState: null, decide: decideFund, evolve: evolveFund };
