import { Module, type DynamicModule } from '@nestjs/common';
import { NoticesController } from './api/notices.controller';
import { SERVICES } from './api/roles';
import type { TemplateServices } from './composition';

@Module({})
export class TemplateModule {
  /** The HTTP edge over already composed services: Nest only routes, it builds nothing. */
  static register(services: TemplateServices): DynamicModule {
    return { module: TemplateModule, controllers: [NoticesController], providers: [{ provide: SERVICES, useValue: services }] };
  }
}
