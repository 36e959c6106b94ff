import { Controller, Inject, Param, Query } from '@nestjs/common';
import { Caller, RegionScope, Route, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import { ratesOf } from '../application/rates';
import type { HelpProjectsServices } from '../composition';
import { RATE_DEFINITIONS } from '../domain/rates/definitions';
import { READERS, SERVICES } from './roles';
import { PeriodQuery, RateParams, RegionParams } from './schemas';

const TAGS = ['help-projects'];
const DEFINITIONS = Object.values(RATE_DEFINITIONS).join('\n\n');

/** The three rates of a region and period, live from the read models, each with the households behind it. */
@Controller('v1/regions')
export class RatesController {
  constructor(
    @Inject(SERVICES) private readonly services: HelpProjectsServices,
    @Inject(RegionScope) private readonly scope: RegionScope,
  ) {}

  @Route({ method: 'GET', path: ':regionId/rates', roles: READERS, tags: TAGS, summary: { zh: '惠民联办率、探访关爱率、幸福清单送达率', en: 'The three rates of a region and period' }, description: DEFINITIONS })
  async rates(@Param({ schema: RegionParams }) p: z.infer<typeof RegionParams>, @Query({ schema: PeriodQuery }) q: z.infer<typeof PeriodQuery>, @Caller() caller: Principal) {
    await this.scope.assertWithin(caller, p.regionId);
    const rates = await ratesOf(this.services.lookups, await this.services.regionTree(), { regionId: p.regionId, ...q });
    return ok({ regionId: p.regionId, from: q.from, to: q.to, rates: rates.map(({ households: _h, ...r }) => r) });
  }

  @Route({ method: 'GET', path: ':regionId/rates/:rate/households', roles: READERS, tags: TAGS, summary: { zh: '指标明细', en: 'The households behind a rate' }, description: DEFINITIONS })
  async households(@Param({ schema: RateParams }) p: z.infer<typeof RateParams>, @Query({ schema: PeriodQuery }) q: z.infer<typeof PeriodQuery>, @Caller() caller: Principal) {
    await this.scope.assertWithin(caller, p.regionId);
    const [rate] = await ratesOf(this.services.lookups, await this.services.regionTree(), { regionId: p.regionId, ...q }, p.rate);
    return ok(rate);
  }
}
