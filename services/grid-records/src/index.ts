export * from './domain';
export {
  startGridRecords,
  createGridRecordsApp,
  SERVICE_INFO,
  type GridRecords,
  type StartOptions,
  type GridRecordsAppOptions,
} from './start';
export { GridRecordsModule } from './grid-records.module';
export { composeServices, type GridRecordsServices } from './composition';
export type { PersonalDataVault } from './application/personal-data';
// Demo district seeder (used by the standalone `npm start` and by tests and benchmarks).
export * from './seed';
