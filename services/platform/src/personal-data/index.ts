export * from './vault';
export * from './errors';
export * from './master-key';
export * from './masking';
