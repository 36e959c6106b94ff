import { Module, type DynamicModule } from '@nestjs/common';
import { Access } from './api/access';
import { EnrolmentsController } from './api/enrolments.controller';
import { JointCasesController } from './api/joint-cases.controller';
import { MembersController } from './api/members.controller';
import { ProjectsController } from './api/projects.controller';
import { RatesController } from './api/rates.controller';
import { SERVICES } from './api/roles';
import type { HelpProjectsServices } from './composition';

@Module({})
export class HelpProjectsModule {
  /** The HTTP edge over already composed services: Nest only routes, it builds nothing. */
  static register(services: HelpProjectsServices): DynamicModule {
    return {
      module: HelpProjectsModule,
      controllers: [MembersController, ProjectsController, EnrolmentsController, JointCasesController, RatesController],
      providers: [{ provide: SERVICES, useValue: services }, Access],
    };
  }
}
