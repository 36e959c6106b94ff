import { BIRTH_MONTH_PROGRAMS } from '@grid/contracts';

type Legacy = { birthDate?: string | null; birthYear?: number | null; birthMonth?: string | null; program?: string };

/**
 * A case state stored before assistance.applied v2 (read models not rebuilt since) holds the clear `birthDate` and no
 * year: read as v2 folds it (the year, the month for 高龄 only), the date dropped, so it is not written back either.
 */
export function withoutClearBirthDate<T extends object>(state: T): T {
  const legacy = state as T & Legacy;
  if (!('birthDate' in legacy) && legacy.birthYear !== undefined) return state;
  const { birthDate, ...rest } = legacy;
  const date = typeof birthDate === 'string' ? birthDate : null;
  return {
    ...rest,
    birthYear: legacy.birthYear ?? (date ? Number(date.slice(0, 4)) : null),
    birthMonth: legacy.birthMonth ?? (date && BIRTH_MONTH_PROGRAMS.includes(legacy.program ?? '') ? date.slice(0, 7) : null),
  } as T;
}
