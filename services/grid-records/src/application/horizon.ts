import type { Horizon } from '../domain';
import type { Clock } from '@grid/platform';

/** Business dates may lie this many days ahead of today unless configured (`BUSINESS_DATE_LEAD_DAYS`). */
export const DEFAULT_LEAD_DAYS = 31;

/** Today and the lead, as each command is decided (the deciders have no clock). */
export type HorizonSource = () => Horizon;

export const horizonOf =
  (clock: Clock, leadDays: number = DEFAULT_LEAD_DAYS): HorizonSource =>
  () => ({ today: clock.today(), leadDays });
