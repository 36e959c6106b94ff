export * from './domain';
export { helpProjects } from './definition';
export { HelpProjectsModule } from './help-projects.module';
export { composeServices, type HelpProjectsServices } from './composition';
