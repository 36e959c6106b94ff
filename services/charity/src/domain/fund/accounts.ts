import type { Entry, Recipient, Restriction } from '@grid/contracts';
import { PersistentMap } from '@grid/platform/decider';
import type { CharityEventData } from '../events';

type GoodsDestination = CharityEventData['charity.fund.goods-issued']['to'];

/** 定向 money's account name: the restriction's parts in a fixed order, so one restriction is one account. */
export function restrictionKey(r: Restriction): string {
  const parts = [r.regionId && `region=${r.regionId}`, r.projectId && `project=${r.projectId}`, r.purpose && `purpose=${r.purpose}`];
  return parts.filter(Boolean).join(';');
}

/** Which stock goods are kept in: an item's undirected stock, or its stock under one 定向 restriction. */
export const stockKey = (itemKey: string, r: Restriction | null | undefined): string => (r ? `${itemKey}/${restrictionKey(r)}` : itemKey);

/** Ledger accounts of a fund (debit positive; income is credit-normal). */
export const ACCOUNT = {
  income: (campaignId: string) => `income:${campaignId}`,
  unrestricted: 'unrestricted',
  restricted: (r: Restriction) => `restricted:${restrictionKey(r)}`,
  allocated: (allocationId: string) => `allocated:${allocationId}`,
  uses: 'uses',
  managementCosts: 'management-costs',
  /** In-kind stock by `stockKey`: 定向 goods apart from undirected goods of the same item. */
  stock: (key: string) => `in-kind-stock:${key}`,
} as const;

/** The money an account holds or has recorded: income accounts hold credits, every other account debits. */
export const naturalBalance = (account: string, sum: number): number => (account.startsWith('income:') ? -sum : sum);

export type Balances = PersistentMap<number>;

/** Sums of lines by account, after `entries`. */
export function applyEntries(balances: Balances, entries: readonly Entry[]): Balances {
  let next = balances;
  for (const { account, amountFen } of entries) next = next.set(account, (next.get(account) ?? 0) + amountFen);
  return next;
}

export const balanceOf = (balances: Balances, account: string): number => naturalBalance(account, balances.get(account) ?? 0);

/** The first account `entries` would leave holding less than nothing, if any. */
export function overdrawn(balances: Balances, entries: readonly Entry[]): { account: string; balance: number } | null {
  const after = applyEntries(balances, entries);
  for (const { account } of entries) {
    const balance = balanceOf(after, account);
    if (balance < 0) return { account, balance };
  }
  return null;
}

/** A two-line transaction moving `amountFen` from one account to another (credit `from`, debit `to`). */
export const transfer = (from: string, to: string, amountFen: number): Entry[] => [
  { account: to, amountFen },
  { account: from, amountFen: -amountFen },
];

/** Where money or goods go, as a restriction sees it: the help project (if any), the region path, the purpose. */
export interface Destination {
  projectId: string | null;
  regionPath: readonly string[];
  purpose: string | null;
}

export const projectOf = (to: Recipient | GoodsDestination): string | null => (to.kind === 'project' ? to.projectId : null);

/** The part of a donor's restriction a destination misses, if any: inside its region, to its project, for its purpose. */
export function restrictionUnmet(r: Restriction, d: Destination): 'region' | 'project' | 'purpose' | null {
  if (r.regionId !== undefined && !d.regionPath.includes(r.regionId)) return 'region';
  if (r.projectId !== undefined && d.projectId !== r.projectId) return 'project';
  if (r.purpose !== undefined && d.purpose !== r.purpose) return 'purpose';
  return null;
}
