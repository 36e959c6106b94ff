import type { DonorRef, Gift, Recipient, Restriction } from '@grid/contracts';
import { CommandHandler, hashedUuid, newId, type CommandContext, type EventStore, type PersonalDataVault, type ReadModelSync, type WriteResult } from '@grid/platform';
import { Refusal, refused } from '@grid/platform/decider';
import {
  campaignDecider,
  donorDecider,
  fundDecider,
  giftValueFen,
  organisationDecider,
  receiptBookDecider,
  yearOf,
  type CampaignCommand,
  type DonorCommand,
  type FundCommand,
  type OrganisationCommand,
  type PledgeBasis,
  type ReceiptCommand,
} from '../domain';
import type { CampaignEvent, DonorEvent, FundEvent, OrganisationEvent, ReceiptEvent } from '../domain/events';
import type { CampaignState } from '../domain/campaign/types';
import type { FundState } from '../domain/fund/types';
import type { OrganisationState } from '../domain/organisation/organisation';
import type { DonorState } from '../domain/donor/donor';
import { receiptNumber, type ReceiptBook } from '../domain/receipts/receipt-book';
import { InFlight } from './in-flight';
import { SerialByKey } from './serial';
import { campaignStream, donorStream, fundStream, organisationStream, receiptBookStream } from './streams';

type WithoutBy<C> = C extends unknown ? Omit<C, 'by' | 'type'> : never;
/** A command as the API gives it: the actor comes from the command context. */
export type StepOf<C> = C extends unknown ? Omit<C, 'by'> : never;
type Input<C extends { type: string }, T extends C['type']> = WithoutBy<Extract<C, { type: T }>>;

/** Who gave: nobody (匿名), a resident (grid-records person id), another person (name sealed at once), an organisation. */
export type DonorInput =
  | { kind: 'anonymous' }
  | { kind: 'resident'; personId: string; unnamedInPublic: boolean }
  | { kind: 'person'; name: string; unnamedInPublic: boolean }
  | { kind: 'organisation'; name: string; unnamedInPublic: boolean }
  | { kind: 'registered'; donorId: string; unnamedInPublic: boolean };

export interface DonationInput {
  donationId?: string;
  donor: DonorInput;
  gift: Gift;
  pledgeId: string | null;
  restriction: Restriction | null;
  on: string;
}
export interface PledgeInput {
  pledgeId?: string;
  donor: DonorInput;
  basis: PledgeBasis;
  restriction: Restriction | null;
  on: string;
}

export interface DonationResult extends WriteResult {
  receipt: { seq: number; number: string };
}

export interface AllocationInput {
  allocationId?: string;
  recipient: Recipient;
  regionPath: string[];
  purpose: string;
  amountFen: number;
  restriction: Restriction | null;
  on: string;
}

/** What the receipt book answers when a donation has, or had, its receipt. */
const HAD_RECEIPT = new Set(['donation-has-receipt', 'reissue-with-reason']);

export interface DonationToComplete {
  donationId: string;
  donorId: string | null;
  gift: Gift;
  restriction: Restriction | null;
  on: string;
}

const latest = (...positions: (number | undefined)[]) => Math.max(0, ...positions.filter((p): p is number => p !== undefined));

/** The write side: each command through its aggregate's decider; a donation, its receipt and its booking in one request. */
export class CharityCommands {
  private readonly organisations: CommandHandler<OrganisationCommand, OrganisationEvent, OrganisationState>;
  private readonly donors: CommandHandler<DonorCommand, DonorEvent, DonorState>;
  private readonly campaigns: CommandHandler<CampaignCommand, CampaignEvent, CampaignState>;
  private readonly receipts: CommandHandler<ReceiptCommand, ReceiptEvent, ReceiptBook>;
  private readonly funds: CommandHandler<FundCommand, FundEvent, FundState>;
  private readonly serial = new SerialByKey();
  /** Donations whose request is still writing their receipt and booking. */
  private readonly completing = new InFlight();

  constructor(
    store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly sync: ReadModelSync,
  ) {
    this.organisations = new CommandHandler({ store, decider: organisationDecider });
    this.donors = new CommandHandler({ store, decider: donorDecider });
    this.campaigns = new CommandHandler({ store, decider: campaignDecider, maxAttempts: 20 });
    // A receipt book and a fund take every donation of an organisation: queued here, retried across processes.
    this.receipts = new CommandHandler({ store, decider: receiptBookDecider, maxAttempts: 50 });
    this.funds = new CommandHandler({ store, decider: fundDecider, maxAttempts: 50 });
  }

  private async write<C, E extends { type: string; data: Record<string, unknown> }, S>(handler: CommandHandler<C, E, S>, stream: string, cmd: C, ctx: CommandContext) {
    return this.serial.run(stream, () => handler.handle(stream, cmd, ctx));
  }

  private async settle(id: string, revision: number, ...positions: (number | undefined)[]): Promise<WriteResult> {
    const at = latest(...positions);
    if (at > 0) await this.sync.reached(at);
    return { id, revision };
  }

  async registerOrganisation(input: Omit<Input<OrganisationCommand, 'register-organisation'>, 'organisationId'>, ctx: CommandContext): Promise<WriteResult> {
    const organisationId = newId(ctx, 'organisation');
    const r = await this.write(this.organisations, organisationStream(organisationId), { type: 'register-organisation', organisationId, ...input, by: ctx.actor }, ctx);
    return this.settle(organisationId, r.revision, r.position);
  }

  async grantQualification(organisationId: string, input: Input<OrganisationCommand, 'grant-qualification'>, ctx: CommandContext): Promise<WriteResult> {
    const r = await this.write(this.organisations, organisationStream(organisationId), { type: 'grant-qualification', ...input, by: ctx.actor }, ctx);
    return this.settle(organisationId, r.revision, r.position);
  }

  async openFund(input: { organisationId: string; name: string; on: string }, ctx: CommandContext): Promise<WriteResult> {
    const fundId = newId(ctx, 'fund');
    const r = await this.write(this.funds, fundStream(fundId), { type: 'open-fund', fundId, ...input, by: ctx.actor }, ctx);
    return this.settle(fundId, r.revision, r.position);
  }

  /** 组织发动: the organiser's qualification is read from its own stream; the fund must be the organiser's. */
  async launchCampaign(input: Omit<Input<CampaignCommand, 'launch'>, 'campaignId' | 'qualification'>, ctx: CommandContext): Promise<WriteResult> {
    const organisation = (await this.organisations.load(organisationStream(input.organisationId))).state;
    if (!organisation) throw refused('no-organisation', `no organisation ${input.organisationId}`, { field: 'organisationId' });
    const fund = (await this.funds.load(fundStream(input.fundId))).state;
    if (!fund || fund.organisationId !== input.organisationId) throw refused('fund-of-organiser', 'a campaign pays into a fund of its own organisation', { field: 'fundId' });
    const campaignId = newId(ctx, 'campaign');
    const r = await this.write(this.campaigns, campaignStream(campaignId), { type: 'launch', campaignId, ...input, qualification: organisation.qualification, by: ctx.actor }, ctx);
    return this.settle(campaignId, r.revision, r.position);
  }

  async campaignStep(campaignId: string, cmd: StepOf<Exclude<CampaignCommand, { type: 'launch' | 'receive' }>>, ctx: CommandContext): Promise<WriteResult> {
    const r = await this.write(this.campaigns, campaignStream(campaignId), { ...cmd, by: ctx.actor } as CampaignCommand, ctx);
    return this.settle(campaignId, r.revision, r.position);
  }

  /** The donor as events name them; a new person's name is sealed under the donor's own key before anything is written. */
  private async donorRef(input: DonorInput, on: string, ctx: CommandContext): Promise<{ ref: DonorRef; position?: number }> {
    if (input.kind === 'anonymous') return { ref: { donorId: null, unnamedInPublic: true } };
    const publicName = input.unnamedInPublic ? 'unnamed' : 'named';
    const ref = (donorId: string): DonorRef => ({ donorId, unnamedInPublic: input.unnamedInPublic });
    if (input.kind === 'registered') {
      if (!(await this.donors.load(donorStream(input.donorId))).state) throw refused('no-donor', `no donor ${input.donorId}`, { field: 'donor.donorId' });
      return { ref: ref(input.donorId) };
    }
    // A resident or an organisation gives again as the same donor; another person is a new donor each time.
    const donorId = input.kind === 'resident' ? hashedUuid('charity-donor', 'resident', input.personId) : input.kind === 'organisation' ? hashedUuid('charity-donor', 'organisation', input.name) : newId(ctx, 'donor');
    if ((await this.donors.load(donorStream(donorId))).state) return { ref: ref(donorId) };
    const identity =
      input.kind === 'resident'
        ? { kind: 'person' as const, personId: input.personId }
        : input.kind === 'organisation'
          ? { kind: 'organisation' as const, organisationName: input.name }
          : { kind: 'person' as const, sealedName: await this.vault.seal(donorId, input.name) };
    const r = await this.write(this.donors, donorStream(donorId), { type: 'register-donor', donorId, ...identity, publicName, on, by: ctx.actor }, ctx);
    return { ref: ref(donorId), position: r.position };
  }

  /** 认捐: a fixed sum, or a share of sales (消费捐) paid later by donations that name the pledge, each with its receipt. */
  async pledge(campaignId: string, input: PledgeInput, ctx: CommandContext): Promise<WriteResult> {
    if (!(await this.campaigns.load(campaignStream(campaignId))).state) throw refused('no-campaign', `no campaign ${campaignId}`);
    const pledgeId = input.pledgeId ?? newId(ctx, 'pledge');
    const donor = await this.donorRef(input.donor, input.on, ctx);
    const { basis, restriction, on } = input;
    const r = await this.write(this.campaigns, campaignStream(campaignId), { type: 'pledge', pledgeId, donor: donor.ref, basis, restriction, on, by: ctx.actor }, ctx);
    return this.settle(pledgeId, r.revision, donor.position, r.position);
  }

  /** 款物接收 → 捐赠票据 → 入账, in one request: the donation, its receipt with the book's next number, the fund's lines. */
  async donate(campaignId: string, input: DonationInput, ctx: CommandContext): Promise<DonationResult> {
    const campaign = (await this.campaigns.load(campaignStream(campaignId))).state;
    if (!campaign) throw refused('no-campaign', `no campaign ${campaignId}`);
    const donationId = input.donationId ?? newId(ctx, 'donation');
    const donor = await this.donorRef(input.donor, input.on, ctx);
    const { gift, pledgeId, restriction, on } = input;
    const { received, done } = await this.completing.run(donationId, async () => {
      const received = await this.write(this.campaigns, campaignStream(campaignId), { type: 'receive', donationId, donor: donor.ref, gift, pledgeId, restriction, on, by: ctx.actor }, ctx);
      return { received, done: await this.completeDonation(campaignId, { donationId, donorId: donor.ref.donorId, gift, restriction, on }, ctx) };
    });
    if (!done.receipt) throw new Error(`donation ${donationId} was received without a receipt`);
    const result = await this.settle(donationId, received.revision, donor.position, received.position, done.position);
    return { ...result, receipt: done.receipt };
  }

  /**
   * What follows a received donation: its receipt under the book's next number, unless it has had one (live, or voided
   * and waiting for a reissue with its reason), and its lines in the fund (booked once per donation). Safe to run again,
   * so a donation left without them by a crash is repaired.
   */
  async completeDonation(campaignId: string, d: DonationToComplete, ctx: CommandContext): Promise<{ receipt: { seq: number; number: string } | null; position?: number }> {
    const campaign = (await this.campaigns.load(campaignStream(campaignId))).state;
    if (!campaign) throw refused('no-campaign', `no campaign ${campaignId}`);
    const { donationId, gift, restriction, on } = d;
    const year = yearOf(on);
    const book = receiptBookStream(campaign.organisationId, year);
    const issue: ReceiptCommand = { type: 'issue-receipt', organisationId: campaign.organisationId, year, donationId, campaignId, amountFen: giftValueFen(gift), donorId: d.donorId, on, by: ctx.actor };
    const issued = await this.serial.run(book, async () => {
      if ((await this.receipts.load(book)).state.latest.has(donationId)) return null;
      // Another process issued it between our read and our write: its receipt stands.
      return this.receipts.handle(book, issue, ctx).catch((e: unknown) => (e instanceof Refusal && HAD_RECEIPT.has(e.rule) ? null : Promise.reject(e)));
    });
    const seq = issued ? (issued.appended[0]!.data as { seq: number }).seq : (await this.receipts.load(book)).state.live.get(donationId);
    const booking: FundCommand =
      gift.kind === 'money'
        ? { type: 'credit-money', donationId, campaignId, amountFen: gift.amountFen, restriction, on, by: ctx.actor }
        : { type: 'receive-goods', donationId, campaignId, items: gift.items, valuation: gift.valuation, restriction, on, by: ctx.actor };
    const booked = await this.write(this.funds, fundStream(campaign.fundId), booking, ctx);
    return { receipt: seq === undefined ? null : { seq, number: receiptNumber(year, seq) }, position: latest(issued?.position, booked.position) };
  }

  /** Resolves once a request of this process that is receiving the donation has written all it writes. */
  completionSettled(donationId: string): Promise<void> {
    return this.completing.settled(donationId);
  }

  /** 作废 (and, when asked, 重开 under the book's next number): a receipt is never edited. */
  async voidReceipt(book: { organisationId: string; year: number; seq: number }, input: { reason: string; reissue: boolean; amountFen?: number; on: string }, ctx: CommandContext): Promise<WriteResult & { receipt: { seq: number; number: string } | null }> {
    const stream = receiptBookStream(book.organisationId, book.year);
    const state = (await this.receipts.load(stream)).state;
    const current = state.receipts.get(String(book.seq));
    const cmd: ReceiptCommand = input.reissue
      ? { type: 'reissue-receipt', seq: book.seq, reason: input.reason, amountFen: input.amountFen ?? current?.amountFen ?? 0, donorId: current?.donorId ?? null, on: input.on, by: ctx.actor }
      : { type: 'void-receipt', seq: book.seq, reason: input.reason, on: input.on, by: ctx.actor };
    const r = await this.write(this.receipts, stream, cmd, ctx);
    const reissued = r.appended.find((e) => e.type === 'charity.receipt.issued')?.data as { seq: number; number: string } | undefined;
    const result = await this.settle(current?.donationId ?? '', r.revision, r.position);
    return { ...result, receipt: reissued ? { seq: reissued.seq, number: reissued.number } : null };
  }

  /** 分配: the decider refuses 定向 money outside its restriction, and money an account does not hold. */
  async allocate(fundId: string, input: AllocationInput, ctx: CommandContext): Promise<WriteResult> {
    const allocationId = input.allocationId ?? newId(ctx, 'allocation');
    const { recipient, regionPath, purpose, amountFen, restriction, on } = input;
    const r = await this.write(this.funds, fundStream(fundId), { type: 'allocate', allocationId, recipient, regionPath, purpose, amountFen, restriction, on, by: ctx.actor }, ctx);
    return this.settle(allocationId, r.revision, r.position);
  }

  async fundStep(fundId: string, cmd: StepOf<Exclude<FundCommand, { type: 'open-fund' | 'allocate' }>>, ctx: CommandContext): Promise<WriteResult> {
    const r = await this.write(this.funds, fundStream(fundId), { ...cmd, by: ctx.actor } as FundCommand, ctx);
    return this.settle(fundId, r.revision, r.position);
  }

  async fund(fundId: string): Promise<FundState> {
    return (await this.funds.load(fundStream(fundId))).state;
  }
}
