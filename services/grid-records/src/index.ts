export * from './domain';
export { gridRecords, startGridRecords, type GridRecords } from './definition';
export { GridRecordsModule } from './grid-records.module';
export { composeServices, type GridRecordsServices } from './composition';
export type { PersonalDataVault } from './application/personal-data';
// Demo district seeder (used by the standalone `npm start` and by tests and benchmarks).
export * from './seed';
