import type { Sealed } from '@grid/contracts';
import { PersonalDataError, type EventStore, type PersonalDataVault } from '@grid/platform';
import { isSealed, personSubject } from './personal-data';

/**
 * Closing v1 (docs/audit.md), under the master key about to be replaced: every 身份证 number the log records by its v1
 * idHash gets its id-refs row (number → that hash), so look-ups, claims and filings keep finding the people recorded
 * before references once the v1 idHash key is gone. Reads every sealed number that sits beside its hash (members
 * registered or added, corrections, a filing's official), opens it under the nearest personId's key, and adopts it when
 * the hash is its v1 one and it has no row. A copy that does not open (erased, or an error: sealed for another subject,
 * malformed, tampered) is passed over for the number's next copy. Idempotent. Answers how many numbers got a row, and
 * how many were skipped: a copy failed with an error and none opened (an erased person's number is not counted).
 */
export async function adoptV1IdNumbers(store: Pick<EventStore, 'readAll'>, vault: PersonalDataVault): Promise<V1Adoption> {
  const settled = new Set<string>();
  const failed = new Set<string>();
  let adopted = 0;
  for await (const event of store.readAll()) {
    if (!event.type.startsWith('grid-records.')) continue;
    for (const { subject, idNumber, idHash } of recordedNumbers(event.data, null)) {
      if (settled.has(idHash)) continue;
      const number = await openedOrNull(vault, subject, idNumber);
      if (number === undefined) failed.add(idHash);
      if (!number) continue; // erased or not opened here: a later copy may open
      settled.add(idHash);
      if (vault.idHash(number) !== idHash) continue; // a reference already
      if ((await vault.idRef(number, { create: false })) !== null) continue;
      await vault.idRef(number, { create: false, legacy: async () => true });
      adopted += 1;
    }
  }
  return { adopted, skipped: [...failed].filter((hash) => !settled.has(hash)).length };
}

export interface V1Adoption {
  /** Numbers that got their id-refs row. */
  adopted: number;
  /** Numbers recorded by a v1 hash none of whose copies opened, at least one with an error: they get no row. */
  skipped: number;
}

/** The clear number; null when its key was shredded (erased); undefined when it does not open (an error). */
async function openedOrNull(vault: PersonalDataVault, subject: string, sealed: Sealed): Promise<string | null | undefined> {
  try {
    return await vault.open(subject, sealed);
  } catch (error) {
    if (!(error instanceof PersonalDataError)) throw error;
    return undefined;
  }
}

/** Each sealed `idNumber` beside an `idHash`, with the subject whose key sealed it (the nearest `personId`). */
function recordedNumbers(value: unknown, subject: string | null): { subject: string; idNumber: Sealed; idHash: string }[] {
  if (Array.isArray(value)) return value.flatMap((v) => recordedNumbers(v, subject));
  if (value === null || typeof value !== 'object' || isSealed(value)) return [];
  const record = value as Record<string, unknown>;
  const own = typeof record.personId === 'string' ? personSubject(record.personId) : subject;
  const here = own && isSealed(record.idNumber) && typeof record.idHash === 'string' ? [{ subject: own, idNumber: record.idNumber, idHash: record.idHash }] : [];
  return [...here, ...Object.values(record).flatMap((v) => recordedNumbers(v, own))];
}
