import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { HttpProblem, RegionScope, notFound, type Principal } from '@grid/platform/http';
import { PersonRegisteredElsewhere } from '../application/errors';
import type { GridRecordsServices } from '../composition';
import type { HouseholdView } from '../projections/households/household-view';
import { assertOnRoster } from './on-roster';
import { SERVICES } from './roles';

/**
 * The scope checks of household routes, in one place: a household (or a resident's household) outside the
 * caller's scope is answered exactly like a missing one, 404, whether it is read or written.
 */
@Injectable()
export class HouseholdAccess {
  private readonly log = new Logger('registration-follow-up');

  constructor(
    @Inject(SERVICES) private readonly services: GridRecordsServices,
    @Inject(RegionScope) private readonly scope: RegionScope,
  ) {}

  /** The household as its stream says, if it exists and lies in the caller's scope. */
  async household(caller: Principal, householdId: string): Promise<HouseholdView> {
    const view = await this.services.householdQueries.view(householdId);
    if (!view) throw notFound();
    await this.scope.assertWithin(caller, view.gridId);
    return view;
  }

  /** The household a resident is registered in (the latest, for one who moved), in the caller's scope. */
  async residentHousehold(caller: Principal, personId: string): Promise<HouseholdView> {
    const entry = await this.services.persons.byPersonId(personId);
    if (!entry) throw notFound();
    return this.household(caller, entry.householdId);
  }

  /** The household to write in: in the caller's scope and, for a grid worker, on the roster of its grid (403 `not-on-roster`). */
  async householdToWrite(caller: Principal, householdId: string): Promise<HouseholdView> {
    const view = await this.household(caller, householdId);
    await assertOnRoster(this.services, caller, view.gridId);
    return view;
  }

  /** The household of a resident to write about, like householdToWrite. */
  async residentHouseholdToWrite(caller: Principal, personId: string): Promise<HouseholdView> {
    const view = await this.residentHousehold(caller, personId);
    await assertOnRoster(this.services, caller, view.gridId);
    return view;
  }

  /** A grid to register households in: in the caller's scope and, for a grid worker, on its roster. */
  async gridToWrite(caller: Principal, gridId: string): Promise<void> {
    await this.gridInScope(caller, gridId);
    await assertOnRoster(this.services, caller, gridId);
  }

  /** Target grids (register, transfer) must lie in the caller's scope too: outside is 404, like an unknown grid. */
  gridInScope(caller: Principal, gridId: string): Promise<void> {
    return this.scope.assertWithin(caller, gridId);
  }

  /**
   * One person, one household → 409. Inside the caller's scope the answer names the other household and whether
   * the person lives there or died there, so the record can be corrected. Outside it every case gets the same
   * refusal (rule `not-registrable-here`): whether the number belongs to a living resident or a deceased one
   * elsewhere in the district is not the caller's to learn. The refusal is recorded on the household that holds
   * the person (`registration-elsewhere-refused`, no ID number), where that household's officials follow it up.
   */
  async explain(error: unknown, caller: Principal, ctx: CommandContext): Promise<never> {
    if (!(error instanceof PersonRegisteredElsewhere)) throw error;
    const other = await this.services.householdQueries.view(error.householdId);
    if (other === null || !(await this.scope.isWithin(caller, other.gridId))) {
      const detail = 'this ID number cannot be registered here; the district office has been told and will follow up';
      // The caller gets the same answer whether or not the note was written; a failure to write it is logged (no number).
      await this.services.households
        .noteRefusedRegistration(error.householdId, { personId: error.personId, standing: error.status }, ctx)
        .catch((noteError: unknown) => this.log.error(`not-registrable-here: noting it on household ${error.householdId} failed: ${String(noteError)}`));
      throw new HttpProblem(409, 'not-registrable-here', 'Conflict', detail, [{ field: error.field, rule: 'not-registrable-here', message: detail }]);
    }
    const where = `household ${error.householdId}`;
    const detail =
      error.status === 'died'
        ? `this ID number is recorded as deceased in ${where}: correct the record there`
        : `this ID number is registered in ${where}: remove the person there first`;
    throw new HttpProblem(409, error.rule, 'Conflict', detail, [{ field: error.field, rule: error.rule, message: detail }], {
      link: `</v1/households/${error.householdId}>; rel="related"`,
    });
  }
}
