import { Body, Controller, Inject, Param, Query } from '@nestjs/common';
import { refused, type CommandContext } from '@grid/platform';
import { Caller, Ctx, RegionScope, Route, created, notFound, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { LocatedRelative, RelativeInput } from '../application/official-relatives/official-relative-commands';
import type { GridRecordsServices } from '../composition';
import type { HouseholdView } from '../projections/households/household-view';
import type { OfficialRelativeFiling } from '../projections/official-relatives/official-relatives.projection';
import { HouseholdAccess } from './household-access';
import { presentFiling } from './official-relative-presenter';
import { PersonalDataView, disclosureFor } from './personal-data-view';
import { FILING_READERS, OFFICIALS, SERVICES } from './roles';
import { WriteResultSchema } from './schemas/common';
import {
  FileOfficialRelativeBody,
  FilingListQuery,
  FilingListSchema,
  FilingParams,
  FilingSchema,
  WithdrawFilingBody,
} from './schemas/official-relatives.schemas';

const TAGS = ['official-relatives'];

/**
 * 近亲属备案 (seed 002: 人情保、关系保): the office (community, township, district) files that a resident is a close
 * relative of an official; that resident's assistance cases are then decided by the district. A filing lies where
 * its relative is registered: outside the caller's scope it is answered like a missing one.
 */
@Controller('v1/official-relatives')
export class OfficialRelativesController {
  constructor(
    @Inject(SERVICES) private readonly services: GridRecordsServices,
    @Inject(HouseholdAccess) private readonly access: HouseholdAccess,
    @Inject(RegionScope) private readonly scope: RegionScope,
  ) {}

  @Route({
    method: 'POST',
    path: '',
    roles: OFFICIALS,
    tags: TAGS,
    summary: { zh: '近亲属备案', en: 'File an official’s close relative' },
    description:
      'The relative is a registered resident in scope: `residentId`, or `idNumber` and `name` as registered (422 ' +
      '`relative-not-registered` / `relative-name-mismatch`). Names and ID numbers are stored sealed.',
    response: WriteResultSchema,
  })
  async file(
    @Body({ schema: FileOfficialRelativeBody }) body: z.infer<typeof FileOfficialRelativeBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    // The schema's refinement admits exactly one of the two forms.
    const input = { ...body, relative: body.relative as RelativeInput };
    const result = await this.services.officialRelatives.file(input, await this.locate(caller, input.relative), ctx);
    return created(result, { location: `/v1/official-relatives/${result.id}`, revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: ':registrationId/withdraw',
    status: 200,
    roles: OFFICIALS,
    tags: TAGS,
    summary: { zh: '撤销近亲属备案', en: 'Withdraw a filing' },
    description: 'Applications made afterwards are no longer flagged; cases flagged before keep their flag. If-Match: the list’s revision.',
    response: WriteResultSchema,
  })
  async withdraw(
    @Param({ schema: FilingParams }) params: z.infer<typeof FilingParams>,
    @Body({ schema: WithdrawFilingBody }) body: z.infer<typeof WithdrawFilingBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    await this.filing(caller, params.registrationId);
    const result = await this.services.officialRelatives.withdraw(params.registrationId, body, ctx);
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'GET',
    path: '',
    roles: FILING_READERS,
    tags: TAGS,
    summary: { zh: '居民的近亲属备案', en: 'A resident’s filings' },
    description: 'In force and withdrawn, oldest first; personal data masked (officials and auditors).',
    response: FilingListSchema,
  })
  async list(@Query({ schema: FilingListQuery }) query: z.infer<typeof FilingListQuery>, @Caller() caller: Principal) {
    const household = await this.access.residentHousehold(caller, query.residentId);
    const filings = await this.services.filings.ofPerson(query.residentId);
    const revision = Math.max(-1, ...filings.map((f) => f.revision));
    const items = await Promise.all(filings.map((f) => this.present(caller, f, household)));
    return ok({ items, revision }, { revision });
  }

  @Route({
    method: 'GET',
    path: ':registrationId',
    roles: FILING_READERS,
    tags: TAGS,
    summary: { zh: '查看近亲属备案', en: 'Read a filing' },
    response: FilingSchema,
  })
  async read(@Param({ schema: FilingParams }) params: z.infer<typeof FilingParams>, @Caller() caller: Principal) {
    const { filing, household } = await this.filing(caller, params.registrationId);
    const revision = await this.services.filings.streamRevision(filing.personId);
    return ok(await this.present(caller, filing, household), { revision });
  }

  /** The filing and its relative's household, if both exist and lie in the caller's scope (404 otherwise). */
  private async filing(caller: Principal, registrationId: string): Promise<{ filing: OfficialRelativeFiling; household: HouseholdView }> {
    const filing = await this.services.filings.byId(registrationId);
    if (!filing) throw notFound();
    return { filing, household: await this.access.residentHousehold(caller, filing.personId) };
  }

  /**
   * A resident id outside scope is 404 like any resident; an ID number that names nobody in the caller's scope is
   * one refusal whether or not it is registered elsewhere, so the route cannot be used to probe the register.
   */
  private async locate(caller: Principal, relative: RelativeInput): Promise<LocatedRelative> {
    const found = await this.services.officialRelatives.locate(relative);
    if ('residentId' in relative) {
      if (!found) throw notFound();
      await this.access.household(caller, found.householdId);
      return found;
    }
    const household = found ? await this.services.householdQueries.view(found.householdId) : null;
    if (!found || !household || !(await this.scope.isWithin(caller, household.gridId)))
      throw refused('relative-not-registered', 'no resident with this ID number is registered in your area: register them first', {
        field: 'relative.idNumber',
      });
    return found;
  }

  private async present(caller: Principal, filing: OfficialRelativeFiling, household: HouseholdView) {
    const disclosure = await disclosureFor(this.services, caller, [household.gridId]);
    return presentFiling(filing, household, new PersonalDataView(this.services.vault, disclosure), disclosure);
  }
}
