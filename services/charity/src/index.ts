export * from './domain';
export { charity } from './definition';
export { CharityModule } from './charity.module';
export { composeServices, type CharityServices } from './composition';
