import { refused } from '@grid/platform/decider';
import { addDays, type IsoDate } from './dates';

/**
 * What a command knows of the calendar: today (a business day in China) and how many days ahead a planned change
 * may take effect (configured, `BUSINESS_DATE_LEAD_DAYS`). Deciders have no clock: the application passes this in.
 */
export interface Horizon {
  today: IsoDate;
  leadDays: number;
}

/** No record of this register predates the People's Republic, whose administrative divisions it keeps. */
export const EARLIEST_RECORD_DATE: IsoDate = '1949-10-01';
export const EARLIEST_RECORD_SOURCE = '中华人民共和国行政区划 (1949-10-01 起)';

function notBeforeRecords(date: IsoDate, field: string): void {
  if (date < EARLIEST_RECORD_DATE) {
    throw refused('date-before-records', `${date} is before ${EARLIEST_RECORD_DATE}, the earliest date this register keeps`, {
      source: EARLIEST_RECORD_SOURCE,
      field,
    });
  }
}

/** Something that has happened (a visit, a death, a certificate, an application, a decision): not after today. */
export function checkOccurred(date: IsoDate, h: Horizon | undefined, field: string): void {
  notBeforeRecords(date, field);
  if (h && date > h.today) throw refused('date-in-future', `${date} is after today (${h.today}): record it once it happened`, { field });
}

/** A change that may be planned a little ahead (a registration, a move, an effective date): within the lead. */
export function checkPlanned(date: IsoDate, h: Horizon | undefined, field: string): void {
  notBeforeRecords(date, field);
  if (!h) return;
  const latest = addDays(h.today, h.leadDays);
  if (date > latest)
    throw refused('date-beyond-lead', `${date} is more than ${h.leadDays} days after today (${h.today}); the latest is ${latest}`, { field });
}
