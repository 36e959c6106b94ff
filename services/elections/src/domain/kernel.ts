// The kernel pieces a pure domain needs. TODO(platform kit): import from '@grid/platform/decider' once it is on
// main, and drop this file; the '@grid/platform' index also loads the drivers.
export { refused, fold, Refusal, type Decider } from '@grid/platform';
