export * from './protocol';
export * from './read-side-host';
export * from './read-side-worker';
export * from './service-read-side';
export * from './rebuild-host';
export * from './rebuild-worker';
