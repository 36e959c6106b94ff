export * from './vault';
export * from './errors';
export * from './master-key';
export * from './masking';
export * from './master-key-rotation';
export { masterKeyIdOf, PERSONAL_DATA_MASTER, type CarriedKeysDoc } from './wrapping';
export * from './master-key-check';
