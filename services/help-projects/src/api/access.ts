import { Inject, Injectable } from '@nestjs/common';
import { HttpProblem, RegionScope, conflictsOn, notFound, type Principal } from '@grid/platform/http';
import type { HelpProjectsServices } from '../composition';
import { gridOn } from '../domain/facts/queries';
import type { MemberView } from '../projections/members.projection';
import { SERVICES } from './roles';

/** A write's refusals that are conflicts with what exists (409), not rules the input broke (422). */
export const answer = conflictsOn(['already-joined', 'project-exists', 'enrolment-exists', 'already-enrolled', 'capacity-reached', 'service-exists', 'allocation-differs', 'case-exists', 'step-exists', 'case-handled', 'member-left']);

const LATEST = '9999-12-31';

/**
 * What a caller may see and act on, in one place: 404 for what does not exist or lies outside its scope; a
 * consortium member acts as itself only (403 naming `memberId`).
 */
@Injectable()
export class Access {
  constructor(
    @Inject(SERVICES) private readonly services: HelpProjectsServices,
    @Inject(RegionScope) private readonly scope: RegionScope,
  ) {}

  /** The region is in the caller's scope, or the caller's scope lies in it (a village operator sees the county's projects). */
  async overlaps(caller: Principal, regionId: string): Promise<boolean> {
    if (await this.scope.isWithin(caller, regionId)) return true;
    for (const s of caller.scope) if (await this.services.regions.isWithin(s, [regionId])) return true;
    return false;
  }

  async member(caller: Principal, memberId: string): Promise<MemberView> {
    const m = await this.services.lookups.member(memberId);
    if (!m || !(await this.overlaps(caller, m.regionId))) throw notFound();
    return m;
  }

  /** The member a write acts as: the caller itself for a member token, a member of the operator's scope otherwise. */
  async actingAs(caller: Principal, memberId: string): Promise<void> {
    if (caller.role === 'consortium-member' && caller.sub !== memberId) {
      throw new HttpProblem(403, 'forbidden', 'Forbidden', 'a consortium member acts as itself', [{ field: 'memberId', rule: 'acts-as-itself', message: `the token is member ${caller.sub}'s` }]);
    }
    const m = await this.services.lookups.member(memberId);
    // A member unknown here is the decider's to refuse (no-member), naming the field.
    if (m && !(await this.overlaps(caller, m.regionId))) throw notFound();
  }

  async project(caller: Principal, projectId: string) {
    const p = await this.services.lookups.project(projectId);
    const owner = p && (await this.services.lookups.member(p.memberId));
    if (!p || !owner || !(await this.overlaps(caller, owner.regionId))) throw notFound();
    return p;
  }

  /** The household's latest grid is in the caller's scope. */
  async household(caller: Principal, householdId: string): Promise<void> {
    const facts = await this.services.lookups.facts(householdId);
    await this.scope.assertWithin(caller, facts && gridOn(facts, LATEST));
  }

  async householdVisible(caller: Principal, householdId: string): Promise<boolean> {
    return this.household(caller, householdId).then(
      () => true,
      () => false,
    );
  }

  async enrolment(caller: Principal, enrolmentId: string) {
    const e = await this.services.lookups.enrolment(enrolmentId);
    if (!e) throw notFound();
    await this.household(caller, e.householdId);
    return e;
  }

  async jointCase(caller: Principal, caseId: string) {
    const c = await this.services.lookups.jointCase(caseId);
    if (!c) throw notFound();
    await this.scope.assertWithin(caller, c.regionId);
    return c;
  }
}
