import { Controller, Inject, Param } from '@nestjs/common';
import { Caller, Route, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { GridRecordsServices } from '../../composition';
import { HouseholdAccess } from '../household-access';
import { READERS, SERVICES } from '../roles';
import { AidHistorySchema } from '../schemas/aid-history.schemas';
import { HouseholdParams } from '../schemas/households.schemas';

type Params = z.infer<typeof HouseholdParams>;

/** A household's aid history: what charity and help projects published about it, read from their events (never asked). */
@Controller('v1/households/:householdId/aid-history')
export class AidHistoryController {
  constructor(
    @Inject(SERVICES) private readonly services: GridRecordsServices,
    @Inject(HouseholdAccess) private readonly access: HouseholdAccess,
  ) {}

  @Route({
    method: 'GET',
    path: '',
    roles: READERS,
    tags: ['aid-history'],
    summary: { zh: '救助帮扶记录', en: 'The household’s aid from charity and help projects' },
    response: AidHistorySchema,
  })
  async list(@Param({ schema: HouseholdParams }) p: Params, @Caller() caller: Principal) {
    await this.access.household(caller, p.householdId);
    return { householdId: p.householdId, items: await this.services.aidHistory.ofHousehold(p.householdId) };
  }
}
