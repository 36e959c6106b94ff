/** Business dates `YYYY-MM-DD`, computed in UTC so no local zone or clock enters a decision. */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const utc = (d: IsoDate): number => Date.parse(`${d}T00:00:00Z`);

export const addDays = (d: IsoDate, n: number): IsoDate => new Date(utc(d) + n * DAY_MS).toISOString().slice(0, 10);

/** Whole days from a to b (b − a). */
export const daysBetween = (a: IsoDate, b: IsoDate): number => Math.round((utc(b) - utc(a)) / DAY_MS);

/** Completed years from `since` to `on` (an age, or a length of residence). */
export function yearsBetween(since: IsoDate, on: IsoDate): number {
  const [sy, sm, sd] = since.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - sy - (m < sm || (m === sm && d < sd) ? 1 : 0);
}
