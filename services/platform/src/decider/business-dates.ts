/**
 * Business dates `YYYY-MM-DD` as plain strings: they compare correctly as strings, and all arithmetic goes
 * through UTC so no local time zone or clock ever enters a decision.
 */
export type IsoDate = string;
/** A calendar month `YYYY-MM`. */
export type IsoMonth = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const toUtc = (d: IsoDate): number => Date.parse(`${d}T00:00:00Z`);
const fromUtc = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

export const addDays = (d: IsoDate, n: number): IsoDate => fromUtc(toUtc(d) + n * DAY_MS);

/** Whole days from a to b (b − a). */
export const daysBetween = (a: IsoDate, b: IsoDate): number => Math.round((toUtc(b) - toUtc(a)) / DAY_MS);

/** Calendar months later, clamped to the month's last day (2020-01-31 + 1 month = 2020-02-29). */
export function addMonths(d: IsoDate, n: number): IsoDate {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(day, last)));
}

/** Age in completed years on a date (a birthday on 29 February is reached on 1 March in other years). */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The day a person reaches `years` of age (consistent with ageOn: 29 February → 1 March). */
export function birthdayAt(birthDate: IsoDate, years: number): IsoDate {
  const year = String(Number(birthDate.slice(0, 4)) + years).padStart(4, '0');
  const same = `${year}${birthDate.slice(4)}`;
  return isIsoDate(same) ? same : addDays(`${year}-02-28`, 1);
}

export const monthOf = (d: IsoDate): IsoMonth => d.slice(0, 7);
export const firstDayOf = (month: IsoMonth): IsoDate => `${month}-01`;
// Asked once per case and month by statistics and rosters (half their CPU before): months repeat, so remembered.
const lastDays = new Map<IsoMonth, IsoDate>();
export function lastDayOf(month: IsoMonth): IsoDate {
  let day = lastDays.get(month);
  if (day === undefined) {
    day = addDays(addMonths(firstDayOf(month), 1), -1);
    if (lastDays.size < 10_000) lastDays.set(month, day);
  }
  return day;
}

export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);
export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);

/** Inclusive day range; `until` null means open-ended. */
export interface DateRange {
  from: IsoDate;
  until: IsoDate | null;
}

export const overlaps = (a: DateRange, b: DateRange): boolean =>
  (a.until === null || b.from <= a.until) && (b.until === null || a.from <= b.until);

/** The part of a range inside [from, until], or null when they do not meet. */
export function clip(r: DateRange, from: IsoDate, until: IsoDate): { from: IsoDate; until: IsoDate } | null {
  const f = maxDate(r.from, from);
  const u = r.until === null ? until : minDate(r.until, until);
  return f <= u ? { from: f, until: u } : null;
}

export const yearOf = (d: IsoDate): number => Number(d.slice(0, 4));

/** Completed years from `since` to `on`: an age, or a length of residence. */
export const yearsBetween = ageOn;
