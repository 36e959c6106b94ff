/** Business dates `YYYY-MM-DD`, computed in UTC so no local zone or clock enters a decision. */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const utc = (d: IsoDate): number => Date.parse(`${d}T00:00:00Z`);

export const addDays = (d: IsoDate, n: number): IsoDate => new Date(utc(d) + n * DAY_MS).toISOString().slice(0, 10);

/** Whole days from a to b (b − a). */
export const daysBetween = (a: IsoDate, b: IsoDate): number => Math.round((utc(b) - utc(a)) / DAY_MS);

/** The same day n calendar months later, or the month's last day when it has no such day (01-31 + 1 month → 02-28). */
export function addMonths(d: IsoDate, n: number): IsoDate {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const months = y * 12 + (m - 1) + n;
  const year = Math.floor(months / 12);
  const month = months % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(day, last))).toISOString().slice(0, 10);
}

export const yearOf = (d: IsoDate): number => Number(d.slice(0, 4));
