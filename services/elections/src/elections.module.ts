import { Module, type DynamicModule } from '@nestjs/common';
import { ElectionsController } from './api/elections.controller';
import { ElectionAccess } from './api/election-access';
import { RollController } from './api/roll.controller';
import { SERVICES } from './api/roles';
import type { ElectionsServices } from './composition';

@Module({})
export class ElectionsModule {
  /** The HTTP edge over already composed services: Nest only routes, it builds nothing. */
  static register(services: ElectionsServices): DynamicModule {
    return { module: ElectionsModule, controllers: [ElectionsController, RollController], providers: [{ provide: SERVICES, useValue: services }, ElectionAccess] };
  }
}
