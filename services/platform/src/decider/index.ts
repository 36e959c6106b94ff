// `@grid/platform/decider`: what a pure domain imports. Nothing here loads a driver, Nest, telemetry or SQLite.
export * from './decider';
export type * from './command-types';
export * from './given-when-then';
export * from './persistent-map';
export * from './business-dates';
