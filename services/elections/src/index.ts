export * from './domain';
export { elections } from './definition';
export { ElectionsModule } from './elections.module';
export { composeServices, type ElectionsServices } from './composition';
