import { liveOnly, view, type DocumentStore, type Filter, type ProjectedDoc } from '@grid/platform';
import type { CampaignView, DonationView } from './campaigns.projection';
import { ALLOCATIONS, CAMPAIGNS, DONATIONS, DONORS, FUNDS, HOUSEHOLDS, ORGANISATIONS, PROJECTS, RESTRICTED_POOLS, TRACES, TRANSACTIONS, YEAR_TOTALS } from './collections';
import { poolId, traceId, yearTotalsId, type AllocationView, type FundView, type RestrictedPoolView, type TraceView, type TransactionView, type YearTotalsView } from './ledger.projection';
import type { DonorView, OrganisationView } from './organisations.projection';
import type { HouseholdView, ProjectView } from './recipients.projection';
import type { Restriction } from '@grid/contracts';

type Stored = ProjectedDoc;
const strip = <T>(d: Stored): T => view<T>(d) as T;

/** The charity read models, read by id or by fund (never by replaying a stream). */
export class CharityLookup {
  constructor(private readonly documents: DocumentStore) {}

  private async one<T>(collection: string, id: string): Promise<T | null> {
    const doc = view<T>(await this.documents.collection<Stored>(collection).get(id));
    if (!doc) return null;
    const { _id, ...rest } = doc as T & { _id: string };
    return rest as T;
  }

  private async all<T>(collection: string, filter: Filter = {}, sort?: { field: string; direction: 1 | -1 }, limit?: number): Promise<T[]> {
    const found = await this.documents.collection<Stored>(collection).find(liveOnly(filter), { ...(sort ? { sort } : {}), ...(limit ? { limit } : {}) });
    return found.map((d) => {
      const { _id, ...rest } = strip<T & { _id: string }>(d);
      return rest as T;
    });
  }

  organisation = (id: string) => this.one<OrganisationView>(ORGANISATIONS, id);
  organisations = () => this.all<OrganisationView>(ORGANISATIONS);
  donor = (id: string) => this.one<DonorView>(DONORS, id);
  campaign = (id: string) => this.one<CampaignView>(CAMPAIGNS, id);
  campaigns = () => this.all<CampaignView>(CAMPAIGNS);
  donation = (id: string) => this.one<DonationView>(DONATIONS, id);
  recentDonations = (campaignId: string, limit: number) => this.all<DonationView>(DONATIONS, { campaignId }, { field: 'on', direction: -1 }, limit);
  fund = (id: string) => this.one<FundView>(FUNDS, id);
  transactions = (fundId: string, limit: number) => this.all<TransactionView>(TRANSACTIONS, { fundId }, { field: 'tx', direction: -1 }, limit);
  allocation = (id: string) => this.one<AllocationView>(ALLOCATIONS, id);
  allocationsOf = (fundId: string) => this.all<AllocationView>(ALLOCATIONS, { fundId });
  pool = (fundId: string, r: Restriction) => this.one<RestrictedPoolView>(RESTRICTED_POOLS, poolId(fundId, r));
  yearTotals = (organisationId: string, year: number) => this.one<YearTotalsView>(YEAR_TOTALS, yearTotalsId(organisationId, year));
  trace = (r: { kind: 'household'; householdId: string } | { kind: 'project'; projectId: string }) => this.one<TraceView>(TRACES, traceId(r));
  household = (id: string) => this.one<HouseholdView>(HOUSEHOLDS, id);
  households = () => this.all<HouseholdView>(HOUSEHOLDS);
  projects = () => this.all<ProjectView>(PROJECTS);
  project = (id: string) => this.one<ProjectView>(PROJECTS, id);
}
