import { Inject, Injectable } from '@nestjs/common';
import type { Sealed } from '@grid/contracts';
import { notFound, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import { householdSubject, personSubject } from '../../application/personal-data';
import type { GridRecordsServices } from '../../composition';
import { PROGRAMS } from '../../domain';
import type { CaseView } from '../../projections/assistance/case-view';
import { HouseholdAccess } from '../household-access';
import { PersonalDataView, disclosureFor } from '../personal-data-view';
import { SERVICES } from '../roles';
import type { CaseSchema, CaseSummarySchema } from '../schemas/assistance.schemas';

export const caseSummary = (c: CaseView): z.infer<typeof CaseSummarySchema> => ({
  id: c.caseId,
  revision: c.revision,
  program: c.program,
  term: PROGRAMS[c.program].term,
  stage: c.stage,
  class: c.class,
  householdId: c.householdId,
  personId: c.personId,
  appliedOn: c.appliedOn,
  effectiveFrom: c.grant?.effectiveFrom ?? null,
  endedOn: c.endedOn,
  nextReviewOn: c.nextReviewOn,
});

/**
 * Cases are read and written inside the scope of their household: a case of a household outside the caller's
 * scope is answered exactly like a missing one (404). Personal data in them (a caregiver's name, a home-check
 * note) is shown by role, like the household's own.
 */
@Injectable()
export class CaseReads {
  constructor(
    @Inject(SERVICES) private readonly services: GridRecordsServices,
    @Inject(HouseholdAccess) private readonly access: HouseholdAccess,
  ) {}

  /** The case as its stream says, if it exists and its household lies in the caller's scope. */
  async find(caller: Principal, caseId: string): Promise<CaseView> {
    const view = await this.services.caseQueries.view(caseId);
    if (!view) throw notFound();
    await this.access.household(caller, view.householdId);
    return view;
  }

  /** The case to take a step in: found like a read and, for a grid worker, on the roster of its household's grid. */
  async findToWrite(caller: Principal, caseId: string): Promise<CaseView> {
    const view = await this.services.caseQueries.view(caseId);
    if (!view) throw notFound();
    await this.access.householdToWrite(caller, view.householdId);
    return view;
  }

  async present(caller: Principal, c: CaseView): Promise<z.infer<typeof CaseSchema>> {
    const household = await this.services.householdQueries.view(c.householdId);
    const disclosure = await disclosureFor(this.services, caller, household ? [household.gridId] : []);
    const shown = new PersonalDataView(this.services.vault, disclosure);
    const subject = c.personId ? personSubject(c.personId) : householdSubject(c.householdId);
    const { caregiverAgreement, ...terms } = c.terms;
    const caregiver = caregiverAgreement && {
      ...caregiverAgreement,
      caregiverName: await shown.text(caregiverAgreement.caregiverName as Sealed, subject, 'name'),
    };
    return {
      ...caseSummary(c),
      registration: c.registration,
      districtId: c.districtId,
      coverage: c.coverage,
      terms: { ...terms, ...(caregiver ? { caregiverAgreement: caregiver } : {}) },
      flagged: c.flagged,
      review: c.review,
      notice: c.notice,
      objections: c.objections,
      grant: c.grant,
      classHistory: c.classHistory,
      suspensions: c.suspensions,
      paymentReviews: c.paymentReviews,
      history: await Promise.all(
        c.steps.map(async (s) => ({ ...s, data: (await shown.show(s.data, c.householdId)) as Record<string, unknown> })),
      ),
      disclosure,
    };
  }
}
