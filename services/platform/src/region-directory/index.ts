export * from './region-directory';
