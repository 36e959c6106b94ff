import { Controller, Inject, Param, Query } from '@nestjs/common';
import { Caller, Route, ScopedByParam, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import { personSubject } from '../../application/personal-data';
import type { GridRecordsServices } from '../../composition';
import { PersonalDataView, disclosureFor } from '../personal-data-view';
import { READERS, SERVICES } from '../roles';
import { RegionParams } from '../schemas/regions.schemas';
import {
  AsOfQuery,
  ReviewsDueSchema,
  RosterQuery,
  RosterSchema,
  StatisticsQuery,
  StatisticsSchema,
  VisitsDueSchema,
} from '../schemas/reports.schemas';

const TAGS = ['reports'];
type Params = z.infer<typeof RegionParams>;

/**
 * Reports on a region, from the read models: statistics per program and class, the payment roster, and the
 * periodic reviews and visits that are due. Scope: the region in the path (404 outside).
 */
@Controller('v1/regions')
export class RegionReportsController {
  constructor(@Inject(SERVICES) private readonly services: GridRecordsServices) {}

  private today(): string {
    return this.services.clock.today();
  }

  @Route({
    method: 'GET',
    path: ':regionId/statistics',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '救助统计', en: 'Statistics per program and class' },
    description: 'Households, persons and the month’s amounts of the statuses in force in the month (in fen, by the standards in force).',
    response: StatisticsSchema,
  })
  @ScopedByParam('regionId')
  statistics(@Param({ schema: RegionParams }) p: Params, @Query({ schema: StatisticsQuery }) q: z.infer<typeof StatisticsQuery>) {
    return this.services.statistics.statistics(p.regionId, q.month ?? this.today().slice(0, 7));
  }

  @Route({
    method: 'GET',
    path: ':regionId/payment-roster',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '发放花名册', en: 'Payment roster of a month' },
    description:
      'Who is paid what for the month. `knownAt` gives the roster as the records stood at that moment: a death recorded late shows as the difference.',
    response: RosterSchema,
  })
  @ScopedByParam('regionId')
  async roster(
    @Param({ schema: RegionParams }) p: Params,
    @Query({ schema: RosterQuery }) q: z.infer<typeof RosterQuery>,
    @Caller() caller: Principal,
  ) {
    const roster = await this.services.rosters.roster(p.regionId, q.month, q.knownAt);
    const disclosure = await disclosureFor(this.services, caller, await this.services.tree.gridsUnder(p.regionId));
    const shown = new PersonalDataView(this.services.vault, disclosure);
    const lines = await Promise.all(
      roster.lines.map(async ({ recipient, ...line }) => ({
        ...line,
        recipientId: recipient?.personId ?? null,
        recipientName: recipient ? await shown.text(recipient.name, personSubject(recipient.personId), 'name') : null,
      })),
    );
    return { ...roster, lines, disclosure };
  }

  @Route({
    method: 'GET',
    path: ':regionId/visits-due',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '逾期未走访', en: 'Visits overdue' },
    response: VisitsDueSchema,
  })
  @ScopedByParam('regionId')
  async visitsDue(@Param({ schema: RegionParams }) p: Params, @Query({ schema: AsOfQuery }) q: z.infer<typeof AsOfQuery>) {
    const asOf = q.asOf ?? this.today();
    return { asOf, items: await this.services.statistics.visitsDue(p.regionId, asOf) };
  }

  @Route({
    method: 'GET',
    path: ':regionId/reviews-due',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '到期复核', en: 'Periodic reviews due' },
    response: ReviewsDueSchema,
  })
  @ScopedByParam('regionId')
  async reviewsDue(@Param({ schema: RegionParams }) p: Params, @Query({ schema: AsOfQuery }) q: z.infer<typeof AsOfQuery>) {
    const asOf = q.asOf ?? this.today();
    return { asOf, items: await this.services.statistics.reviewsDue(p.regionId, asOf) };
  }
}
