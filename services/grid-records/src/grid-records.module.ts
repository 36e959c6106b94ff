import { Module, type DynamicModule } from '@nestjs/common';
import { AidHistoryController } from './api/aid-history/aid-history.controller';
import { AssistanceController } from './api/assistance/assistance.controller';
import { AuditController } from './api/audit/audit.controller';
import { CaseReads } from './api/assistance/case-reads';
import { HouseholdAccess } from './api/household-access';
import { HouseholdChangesController } from './api/household-changes.controller';
import { HouseholdReads } from './api/household-reads';
import { HouseholdsController } from './api/households.controller';
import { ImportsController } from './api/imports.controller';
import { GridsController } from './api/grids.controller';
import { OfficialRelativesController } from './api/official-relatives.controller';
import { RegionsController } from './api/regions.controller';
import { RegionReportsController } from './api/reports/region-reports.controller';
import { ResidentsController } from './api/residents.controller';
import { SERVICES } from './api/roles';
import { VisitsController } from './api/visits/visits.controller';
import type { GridRecordsServices } from './composition';

@Module({})
export class GridRecordsModule {
  /** The HTTP edge over already composed services (composition.ts): Nest only routes, it builds nothing. */
  static register(services: GridRecordsServices): DynamicModule {
    return {
      module: GridRecordsModule,
      controllers: [
        RegionsController,
        GridsController,
        HouseholdsController,
        HouseholdChangesController,
        ResidentsController,
        AssistanceController,
        VisitsController,
        RegionReportsController,
        OfficialRelativesController,
        AidHistoryController,
        ImportsController,
        AuditController,
      ],
      providers: [{ provide: SERVICES, useValue: services }, HouseholdAccess, HouseholdReads, CaseReads],
    };
  }
}
