export * from '../decider/given-when-then';
export * from '../store/contract-suite';
export * from '../bus/contract-suite';
export * from '../documents/contract-suite';
export * from './stored-events';
export * from '../store/contract-suite-audit';
