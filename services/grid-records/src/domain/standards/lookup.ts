import { refused } from '@grid/platform/decider';
import type { IsoDate } from '../shared/dates';
import type { Amount, StandardsSet } from './types';

/**
 * The set in force for a district on a day: the region's own sets if it has any in force, else the
 * default ('*') sets; among them the latest `effectiveFrom` on or before the day.
 */
export function standardsFor(book: readonly StandardsSet[], regionId: string, on: IsoDate): StandardsSet {
  const latest = (sets: StandardsSet[]) =>
    sets
      .filter((s) => s.effectiveFrom <= on)
      .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
      .at(-1);
  const found = latest(book.filter((s) => s.regionId === regionId)) ?? latest(book.filter((s) => s.regionId === '*'));
  if (!found) throw refused('no-standard', `no standards in force for ${regionId} on ${on}`, { field: 'standards' });
  return found;
}

/** Per person per month, in fen; yearly figures are divided by twelve and rounded to the fen. */
export const perMonth = (a: Amount): number => (a.per === 'month' ? a.fen : Math.round(a.fen / 12));
