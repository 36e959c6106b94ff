import { Module, type DynamicModule } from '@nestjs/common';
import { ElectionsController } from './api/elections.controller';
import { ElectionAccess } from './api/election-access';
import { PublicElectionsController } from './api/public.controller';
import { RecallController } from './api/recall.controller';
import { RegionTurnoutController } from './api/regions.controller';
import { RollController } from './api/roll.controller';
import { VotingController } from './api/voting.controller';
import { SERVICES } from './api/roles';
import type { ElectionsServices } from './composition';

@Module({})
export class ElectionsModule {
  /** The HTTP edge over already composed services: Nest only routes, it builds nothing. */
  static register(services: ElectionsServices): DynamicModule {
    return { module: ElectionsModule, controllers: [ElectionsController, RollController, VotingController, RecallController, RegionTurnoutController, PublicElectionsController], providers: [{ provide: SERVICES, useValue: services }, ElectionAccess] };
  }
}
