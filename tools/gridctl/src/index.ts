// gridctl's checks as a library (bench:district and its test run them as `gridctl verify` / `replay-compare` do).
export { rebuild, replayCompare, type CompareReport, type DocumentDifference } from './read-models';
export { verifyStore, type VerifyReport } from './verify';
