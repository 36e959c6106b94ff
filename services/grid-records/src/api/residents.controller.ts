import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, Route, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { GridRecordsServices } from '../composition';
import { HouseholdAccess } from './household-access';
import { HOUSEHOLD_WRITERS, SERVICES } from './roles';
import { WriteResultSchema } from './schemas/common';
import { DeathBody, DisabilityBody, ResidentParams } from './schemas/households.schemas';

const TAGS = ['residents'];
type Params = z.infer<typeof ResidentParams>;

/**
 * 居民: life events of one resident. They are facts of the resident's household (its stream, its ETag), found
 * through the person index; the answer's `id` is that household.
 */
@Controller('v1/residents/:personId')
export class ResidentsController {
  constructor(
    @Inject(SERVICES) private readonly services: GridRecordsServices,
    @Inject(HouseholdAccess) private readonly access: HouseholdAccess,
  ) {}

  @Route({
    method: 'POST',
    path: 'death',
    status: 200,
    roles: HOUSEHOLD_WRITERS,
    tags: TAGS,
    summary: { zh: '登记死亡', en: 'Record a death' },
    description: '`diedOn` is the effective date and may lie long before today (deaths reported late, seed 002).',
    response: WriteResultSchema,
  })
  async death(
    @Param({ schema: ResidentParams }) p: Params,
    @Body({ schema: DeathBody }) body: z.infer<typeof DeathBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    const household = await this.access.residentHousehold(caller, p.personId);
    const result = await this.services.households.recordDeath(household.householdId, p.personId, body, ctx);
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: 'disability-certificate',
    status: 200,
    roles: HOUSEHOLD_WRITERS,
    tags: TAGS,
    summary: { zh: '登记残疾证', en: 'Record a disability certificate' },
    response: WriteResultSchema,
  })
  async disability(
    @Param({ schema: ResidentParams }) p: Params,
    @Body({ schema: DisabilityBody }) body: z.infer<typeof DisabilityBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    const household = await this.access.residentHousehold(caller, p.personId);
    const result = await this.services.households.certifyDisability(household.householdId, p.personId, body, ctx);
    return ok(result, { revision: result.revision });
  }
}
