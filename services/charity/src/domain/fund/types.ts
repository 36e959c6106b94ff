import type { Actor, Entry, Recipient, Restriction } from '@grid/contracts';
import type { PersistentMap } from '@grid/platform/decider';
import type { IsoDate } from '../dates';
import type { CharityEventData } from '../events';
import type { Balances } from './accounts';

type Data<T extends keyof CharityEventData> = CharityEventData[T];
export type Valuation = Data<'charity.fund.goods-received'>['valuation'];
export type GoodsDestination = Data<'charity.fund.goods-issued'>['to'];
export interface GoodsItem {
  itemKey: string;
  quantity: number;
  unit: string;
  valuationFen: number;
}

interface Step {
  on: IsoDate;
  by: Actor;
}

export type FundCommand =
  | (Step & { type: 'open-fund'; fundId: string; organisationId: string; name: string })
  | (Step & { type: 'credit-money'; donationId: string; campaignId: string; amountFen: number; restriction: Restriction | null })
  | (Step & { type: 'receive-goods'; donationId: string; campaignId: string; items: GoodsItem[]; valuation: Valuation; restriction: Restriction | null })
  | (Step & {
      type: 'allocate';
      allocationId: string;
      recipient: Recipient;
      /** The recipient's region and the regions above it, as the application knows them from grid-records' region events. */
      regionPath: string[];
      purpose: string;
      amountFen: number;
      /** Draw on the restricted account of this restriction, or (null) on unrestricted money. */
      restriction: Restriction | null;
    })
  | (Step & { type: 'record-use'; useId: string; allocationId: string; amountFen: number; evidenceRef: string })
  | (Step & { type: 'charge-management-cost'; costId: string; amountFen: number; description: string; evidenceRef: string })
  | (Step & {
      type: 'issue-goods';
      issueId: string;
      itemKey: string;
      quantity: number;
      to: GoodsDestination;
      evidenceRef: string;
      /** Draw on the 定向 stock of this restriction, or (null) on the item's undirected stock. */
      restriction: Restriction | null;
      /** The destination's region and those above it, and what the goods are for: needed when drawing on 定向 stock. */
      regionPath?: string[];
      purpose?: string;
    })
  | (Step & { type: 'reverse'; reverses: number; reason: string });

/** What a reversal needs of a transaction: its lines, what it was, and the goods it moved (stock key, thousandths, signed). */
export interface Transaction {
  kind: FundEventKind;
  entries: readonly Entry[];
  reversedBy: number | null;
  allocationId?: string;
  goods?: { stock: string; milli: number };
}
export type FundEventKind = 'money' | 'goods-received' | 'allocation' | 'use' | 'management-cost' | 'goods-issued' | 'reversal';

export interface Allocation {
  amountFen: number;
  source: string;
  reversed: boolean;
}

export interface Stock {
  milli: number;
  unit: string;
}

export interface Fund {
  fundId: string;
  organisationId: string;
  lastTx: number;
  /** Sums of lines by account (see accounts.ts for the sign). */
  balances: Balances;
  transactions: PersistentMap<Transaction>;
  allocations: PersistentMap<Allocation>;
  /** By `stockKey`: each item's undirected stock, and its stock under each 定向 restriction. */
  stock: PersistentMap<Stock>;
  /** Donation, use, cost and issue ids already booked: a repeated one is refused, never booked twice. */
  booked: PersistentMap<true>;
}
export type FundState = Fund | null;
