import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { CharityServices } from '../composition';
import { SERVICES } from './roles';

/** Runs the overdue-disclosures job while the service serves (CHARITY_OVERDUE_DISCLOSURES_EVERY_HOURS). */
@Injectable()
export class OverdueSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('charity.overdue-disclosures');

  constructor(@Inject(SERVICES) private readonly services: CharityServices) {}

  onApplicationBootstrap(): void {
    this.services.overdueJob.start((error) => this.logger.error(error instanceof Error ? error.message : String(error)));
  }

  onModuleDestroy(): void {
    this.services.overdueJob.stop();
  }
}
