import { Inject, Injectable } from '@nestjs/common';
import { ALL_REGIONS, RegionScope, notFound, type Principal } from '@grid/platform/http';
import type { CharityServices } from '../composition';
import type { OrganisationView } from '../projections/organisations.projection';
import { SERVICES } from './roles';

/**
 * The scope checks, in one place. Staff see their own organisation (their token's scope names its id); officials and
 * auditors an organisation registered inside their regions. Outside is answered like missing: 404.
 */
@Injectable()
export class CharityAccess {
  constructor(
    @Inject(SERVICES) private readonly services: CharityServices,
    @Inject(RegionScope) private readonly scope: RegionScope,
  ) {}

  async sees(caller: Principal, organisation: OrganisationView): Promise<boolean> {
    if (caller.scope.includes(ALL_REGIONS)) return true;
    if (caller.role === 'charity-staff') return caller.scope.includes(organisation.organisationId);
    return this.scope.isWithin(caller, organisation.regionId);
  }

  async organisation(caller: Principal, organisationId: string): Promise<OrganisationView> {
    const o = await this.services.lookup.organisation(organisationId);
    if (!o || !(await this.sees(caller, o))) throw notFound();
    return o;
  }

  /** The organisations among these ids the caller sees (for lists across organisations). */
  async visible(caller: Principal, organisationIds: Iterable<string>): Promise<Set<string>> {
    const seen = new Set<string>();
    for (const id of new Set(organisationIds)) {
      const o = await this.services.lookup.organisation(id);
      if (o && (await this.sees(caller, o))) seen.add(id);
    }
    return seen;
  }

  async campaign(caller: Principal, campaignId: string) {
    const c = await this.services.lookup.campaign(campaignId);
    if (!c) throw notFound();
    await this.organisation(caller, c.organisationId);
    return c;
  }

  async fund(caller: Principal, fundId: string) {
    const f = await this.services.lookup.fund(fundId);
    if (!f) throw notFound();
    await this.organisation(caller, f.organisationId);
    return f;
  }

  async donation(caller: Principal, donationId: string) {
    const d = await this.services.lookup.donation(donationId);
    if (!d || d.organisationId === null) throw notFound();
    await this.organisation(caller, d.organisationId);
    return d;
  }

  async allocation(caller: Principal, allocationId: string) {
    const a = await this.services.lookup.allocation(allocationId);
    if (!a) throw notFound();
    await this.organisation(caller, a.organisationId);
    return a;
  }

  /** A region given in a body must lie in the caller's scope (staff: any region the directory knows). */
  async region(caller: Principal, regionId: string): Promise<void> {
    if (caller.role === 'charity-staff') {
      if (!(await this.services.regions.node(regionId))) throw notFound();
      return;
    }
    await this.scope.assertWithin(caller, regionId);
  }
}
