export * from './domain';
export { gridRecords, startGridRecords, type GridRecords } from './definition';
export { GridRecordsModule } from './grid-records.module';
export { composeServices, type GridRecordsServices } from './composition';
export type { PersonalDataVault } from './application/personal-data';
export { householdStream } from './application/streams';
// Closing v1 before a master-key rotation (gridctl keys rotate-master).
export { adoptV1IdNumbers } from './application/v1-adoption';
// Demo district seeder (used by the standalone `npm start` and by tests and benchmarks).
export * from './seed';
// The auditors' questions, for gridctl: answers masked as the HTTP API shows them to auditors.
export { auditedView, knownAtOf } from './api/audit/audit-view';
export { overpaymentsCsv } from './application/audit/overpayments';
export type { TimelineEntry } from './application/audit/timeline';
export { gridRecordsProjections, rebuildReadModels, startReadModels } from './projections/read-models';
// Household registers as spreadsheets (gridctl import / export; POST /v1/imports uses the same code).
export { RegisterImports, type ImportReport, type ImportOptions, type RowResult } from './spreadsheets/import-register';
export { BadRegisterFile, type FileFault } from './spreadsheets/read-register';
export { exportRegister } from './spreadsheets/export-register';
export { refusalReport, registerTemplate } from './spreadsheets/register-workbooks';
// Statistics and rosters from region_cases against the same reports from every household and case (tests, bench).
export { monthsBetween, regionReportDifferences } from './application/statistics/region-reports-check';
