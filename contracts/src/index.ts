export * from './envelope';
export * from './personal-data';
export * from './topics';
export * from './registry';
export * from './events';
export * from './json-schema';
export * from './event-streams';
export * from './asyncapi';
