import { Module, type DynamicModule } from '@nestjs/common';
import { AllocationsController } from './api/allocations.controller';
import { CampaignsController } from './api/campaigns.controller';
import { CharityAccess } from './api/charity-access';
import { DonationsController } from './api/donations.controller';
import { FundsController } from './api/funds.controller';
import { OrganisationsController } from './api/organisations.controller';
import { OverdueSchedule } from './api/overdue-schedule';
import { PublicCharityController } from './api/public.controller';
import { ReportsController } from './api/reports.controller';
import { SERVICES } from './api/roles';
import type { CharityServices } from './composition';

@Module({})
export class CharityModule {
  /** The HTTP edge over already composed services: Nest only routes, it builds nothing. */
  static register(services: CharityServices): DynamicModule {
    return {
      module: CharityModule,
      controllers: [OrganisationsController, CampaignsController, DonationsController, FundsController, AllocationsController, ReportsController, PublicCharityController],
      providers: [{ provide: SERVICES, useValue: services }, CharityAccess, OverdueSchedule],
    };
  }
}
