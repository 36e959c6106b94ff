import type { DonorRef } from '@grid/contracts';
import { maskName, type PersonalDataVault } from '@grid/platform';
import { balanceOf, disclosuresOwed, naturalBalance, yearlyIndicators, type Indicator } from '../domain';
import type { CampaignView } from '../projections/campaigns.projection';
import type { AllocationView, FundView, TraceView } from '../projections/ledger.projection';
import type { CharityLookup } from '../projections/lookups';

/** How a donor appears on a public page: 匿名 or 爱心人士 as they chose, an organisation by name, a person masked. */
export async function publicDonorLabel(ref: DonorRef | null, lookup: CharityLookup, vault: PersonalDataVault): Promise<string> {
  if (!ref || ref.donorId === null) return '匿名';
  if (ref.unnamedInPublic) return '爱心人士';
  const donor = await lookup.donor(ref.donorId);
  if (!donor || donor.publicName === 'unnamed') return '爱心人士';
  if (donor.kind === 'organisation') return donor.organisationName ?? '爱心单位';
  if (donor.sealedName) {
    const name = await vault.open(donor.donorId, donor.sealedName);
    return name === null ? '爱心人士' : maskName(name);
  }
  return '爱心居民';
}

const share = (i: Indicator) => ({ numFen: i.num, denFen: i.den, percent: i.den === 0 ? null : Math.round((i.num * 10_000) / i.den) / 100, met: i.met, rule: i.rule });

/** 年度支出 ≥ 70% and 管理费用 ≤ 10%, from the yearly totals read model (no replay). */
export async function indicatorsOf(lookup: CharityLookup, organisationId: string, year: number) {
  const totals = async (y: number) => (await lookup.yearTotals(organisationId, y)) ?? { incomeFen: 0, charitableSpendingFen: 0, managementCostsFen: 0 };
  const current = await totals(year);
  const priors = await Promise.all([1, 2, 3].map((n) => totals(year - n)));
  const { spending, management } = yearlyIndicators(current, priors);
  return {
    organisationId,
    year,
    totals: { incomeFen: current.incomeFen, charitableSpendingFen: current.charitableSpendingFen, managementCostsFen: current.managementCostsFen },
    priorYearIncomeFen: priors[0]!.incomeFen,
    spending: share(spending),
    management: share(management),
  };
}

/** The disclosures a campaign owes on `at` that are past their last day, and those already recorded as overdue. */
export function overdueOf(c: CampaignView, at: string) {
  const end = c.closedOn !== null && c.closedOn < c.to ? c.closedOn : c.to;
  const owed = disclosuresOwed({ public: c.public, emergency: c.emergency, from: c.from, end, disclosures: c.disclosures }, at).filter((o) => o.overdue);
  return owed.map((o) => ({ campaignId: c.campaignId, organisationId: c.organisationId, name: c.name, kind: o.kind, dueBy: o.dueBy, rule: o.rule, recorded: c.overdue.some((f) => f.kind === o.kind && f.dueBy === o.dueBy) }));
}

/** A fund's balances by account, as held (income accounts credit-normal). */
export function balancesOf(f: FundView): Record<string, number> {
  return Object.fromEntries(Object.entries(f.lines).map(([account, sum]) => [account, naturalBalance(account, sum)]));
}

/** The allocations of a trace, with 定向 money traced to its donations; unrestricted money stops at the allocation. */
export async function tracedAllocations(lookup: CharityLookup, allocations: AllocationView[]) {
  return Promise.all(
    allocations
      .filter((a) => !a.reversed)
      .map(async (a) => {
        const { allocationId, fundId, organisationId, recipient, purpose, amountFen, usedFen, on, restriction } = a;
        const base = { allocationId, fundId, organisationId, recipient, purpose, amountFen, usedFen, on };
        if (!restriction) return { ...base, source: { kind: 'unrestricted' as const, note: '非定向资金在基金内可互换: traced to the allocation only' } };
        const pool = await lookup.pool(fundId, restriction);
        const donations = (pool?.donations ?? []).filter((d) => !d.reversed).map(({ donationId, campaignId, amountFen: fen }) => ({ donationId, campaignId, amountFen: fen }));
        return { ...base, source: { kind: 'restricted' as const, restriction, donations } };
      }),
  );
}

/** Goods issued to a recipient: 定向 goods trace to the donations of that item under their restriction; undirected goods to the issue only. */
export async function tracedGoods(lookup: CharityLookup, goods: TraceView['goods']) {
  return Promise.all(
    goods
      .filter((g) => !g.reversed)
      .map(async ({ reversed: _r, restriction, ...g }) => {
        if (!restriction) return { ...g, source: { kind: 'undirected' as const } };
        const pool = await lookup.pool(g.fundId, restriction);
        const donations = (pool?.goods ?? []).filter((d) => !d.reversed && d.itemKey === g.itemKey).map(({ donationId, campaignId, quantity, valuationFen }) => ({ donationId, campaignId, quantity, valuationFen }));
        return { ...g, source: { kind: 'restricted' as const, restriction, donations } };
      }),
  );
}

export { balanceOf };
