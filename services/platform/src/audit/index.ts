// As-of / known-at for any service's aggregates (docs/audit.md): pure folding and the store-side question, no Nest.
export * from './audited-aggregate';
export * from './shown-plain';
export * from './as-of';
export * from './causes';
export * from './audit-as-of';
export { AsOfQuery } from './as-of.schemas';
