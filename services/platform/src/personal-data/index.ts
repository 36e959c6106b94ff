export * from './vault';
export { PERSONAL_DATA_ID_REFS, type IdRefDoc, type IdRefOptions } from './id-refs';
export * from './errors';
export * from './master-key';
export * from './masking';
export * from './master-key-rotation';
export { masterKeyIdOf, PERSONAL_DATA_MASTER, type CarriedKeysDoc } from './wrapping';
export * from './master-key-check';
