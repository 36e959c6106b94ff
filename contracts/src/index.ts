export * from './envelope';
export * from './topics';
export * from './registry';
export * from './events';
export * from './json-schema';
