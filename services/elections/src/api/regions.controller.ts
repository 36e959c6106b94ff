import { Controller, Inject, Param } from '@nestjs/common';
import { Caller, RegionScope, Route, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { ElectionsServices } from '../composition';
import { ELECTION_READERS, SERVICES } from './roles';
import { RegionParams } from './schemas';
import { turnout } from './turnout';

/** 参选率 of a street, district or community: every election of a community or village within the region. */
@Controller('v1/regions')
export class RegionTurnoutController {
  constructor(
    @Inject(SERVICES) private readonly services: ElectionsServices,
    @Inject(RegionScope) private readonly scope: RegionScope,
  ) {}

  @Route({ method: 'GET', path: ':regionId/election-turnout', roles: ELECTION_READERS, tags: ['elections'], summary: { zh: '区域参选率', en: 'Turnout of the elections in a region' } })
  async read(@Param({ schema: RegionParams }) p: z.infer<typeof RegionParams>, @Caller() caller: Principal) {
    await this.scope.assertWithin(caller, p.regionId);
    const within: Awaited<ReturnType<ElectionsServices['electionLookup']['all']>> = [];
    for (const e of await this.services.electionLookup.all()) if (await this.services.regions.isWithin(e.regionId, [p.regionId])) within.push(e);
    // Elections still before their vote would count their roll without a single ballot: the region's figure leaves them out.
    const voted = within.filter((e) => e.rounds.length > 0);
    return ok({ regionId: p.regionId, ...turnout(voted), perElection: within.map((e) => ({ electionId: e.electionId, regionId: e.regionId, ...turnout([e]) })) });
  }
}
