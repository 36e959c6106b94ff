import { conflictsOn } from '@grid/platform/http';

/** Refusals that say "this exists already": a conflict with the current state (409), not a broken rule (422). */
export const conflictsAs409 = conflictsOn([
  'organisation-exists',
  'donor-exists',
  'campaign-exists',
  'fund-exists',
  'donation-exists',
  'pledge-exists',
  'donation-has-receipt',
  'receipt-voided',
  'receipt-replaced',
  'reissue-with-reason',
  'allocation-exists',
  'use-exists',
  'cost-exists',
  'issue-exists',
  'disclosure-exists',
  'already-reversed',
]);
