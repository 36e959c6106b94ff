import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, Route, created, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import { householdSubject } from '../../application/personal-data';
import type { GridRecordsServices } from '../../composition';
import { HouseholdAccess } from '../household-access';
import { PersonalDataView, disclosureFor } from '../personal-data-view';
import { READERS, SERVICES, VISITORS } from '../roles';
import { HouseholdParams } from '../schemas/households.schemas';
import { RecordVisitBody, VisitListSchema, VisitWriteResultSchema } from '../schemas/visits.schemas';

const TAGS = ['visits'];
type Params = z.infer<typeof HouseholdParams>;

/** 走访/探访关爱: visits are part of the household's history (its stream), listed from the `visits` read model. */
@Controller('v1/households/:householdId/visits')
export class VisitsController {
  constructor(
    @Inject(SERVICES) private readonly services: GridRecordsServices,
    @Inject(HouseholdAccess) private readonly access: HouseholdAccess,
  ) {}

  @Route({
    method: 'POST',
    path: '',
    roles: VISITORS,
    tags: TAGS,
    summary: { zh: '登记走访', en: 'Record a visit' },
    response: VisitWriteResultSchema,
  })
  async record(
    @Param({ schema: HouseholdParams }) p: Params,
    @Body({ schema: RecordVisitBody }) body: z.infer<typeof RecordVisitBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    await this.access.householdToWrite(caller, p.householdId);
    const result = await this.services.visits.record(p.householdId, body, ctx);
    return created(result, { location: `/v1/households/${p.householdId}/visits`, revision: result.revision });
  }

  @Route({
    method: 'GET',
    path: '',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '走访记录', en: 'The household’s visits' },
    response: VisitListSchema,
  })
  async list(@Param({ schema: HouseholdParams }) p: Params, @Caller() caller: Principal) {
    const { gridId } = await this.access.household(caller, p.householdId);
    const disclosure = await disclosureFor(this.services, caller, [gridId]);
    const shown = new PersonalDataView(this.services.vault, disclosure);
    const visits = await this.services.visitLog.ofHousehold(p.householdId);
    const items = await Promise.all(
      visits.map(async ({ householdId: _h, note, ...v }) => ({
        ...v,
        note: await shown.text(note, householdSubject(p.householdId), 'note'),
      })),
    );
    return { items, disclosure };
  }
}
