export { template } from './definition';
export { TemplateModule } from './template.module';
export { composeServices, type TemplateServices } from './composition';
