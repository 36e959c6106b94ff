import type { Sealed } from '@grid/contracts';
import type { EventStore, PersonalDataVault } from '@grid/platform';
import { isSealed, personSubject } from './personal-data';

/**
 * Closing v1 (docs/audit.md), under the master key about to be replaced: every 身份证 number the log records by its v1
 * idHash gets its id-refs row (number → that hash), so look-ups, claims and filings keep finding the people recorded
 * before references once the v1 idHash key is gone. Reads every sealed number that sits beside its hash (members
 * registered or added, corrections, a filing's official), opens it under the nearest personId's key (an erased
 * person's no longer opens: nothing to keep findable), and adopts it when the hash is its v1 one and it has no row.
 * Idempotent. Answers how many numbers got a row.
 */
export async function adoptV1IdNumbers(store: Pick<EventStore, 'readAll'>, vault: PersonalDataVault): Promise<number> {
  const seen = new Set<string>();
  let adopted = 0;
  for await (const event of store.readAll()) {
    if (!event.type.startsWith('grid-records.')) continue;
    for (const { subject, idNumber, idHash } of recordedNumbers(event.data, null)) {
      if (seen.has(idHash)) continue;
      seen.add(idHash);
      const number = await vault.open(subject, idNumber);
      if (number === null || vault.idHash(number) !== idHash) continue; // erased, or a reference already
      if ((await vault.idRef(number, { create: false })) !== null) continue;
      await vault.idRef(number, { create: false, legacy: async () => true });
      adopted += 1;
    }
  }
  return adopted;
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
