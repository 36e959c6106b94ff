import type { Sealed } from '@grid/contracts';
import { personSubject } from '@grid/contracts';
import type { PersonalDataVault } from '@grid/platform';

/**
 * The personal-data vault (platform `createPersonalDataVault`): a per-subject AES-256-GCM key wrapped by the
 * master key, and references to 身份证 numbers for look-ups (through IdRefs). Handlers take it as a port.
 */
export type { PersonalDataVault } from '@grid/platform';

/**
 * Whose key seals a field. A person's name, ID number, phone and certificate number use the person's own key,
 * which follows the person across households (shredding a person erases them everywhere); the door address
 * belongs to the household. Readers find the subject the same way (see api/personal-data-view.ts): the nearest
 * `personId` beside or above a sealed field, else the household.
 */
export { personSubject } from '@grid/contracts';
/** What an erased person's field reads (its data key destroyed: PIPL 第四十七条, docs/audit.md). */
export const ERASED = '已删除';

export const householdSubject = (householdId: string): string => `household:${householdId}`;

/** A Sealed value as events and read models carry it (strict: exactly these four strings). */
export function isSealed(value: unknown): value is Sealed {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 4 && ['keyId', 'iv', 'tag', 'ciphertext'].every((k) => typeof (value as Record<string, unknown>)[k] === 'string');
}

/**
 * A field events seal since v2 (a disability's kind and grade, a reason) as its clear text: opened under the subject's
 * key (null once erased), or as written by a v1 event.
 */
export async function openField(vault: PersonalDataVault, subjectId: string, value: Sealed | string | number): Promise<string | null> {
  return isSealed(value) ? vault.open(subjectId, value) : String(value);
}

/** A person's recorded birth date (sealed since v2 of the member events) in clear for a rule; undefined once erased. */
export async function openBirthDate(vault: PersonalDataVault, personId: string, recorded: Sealed | string | undefined): Promise<string | undefined> {
  return recorded === undefined ? undefined : ((await openField(vault, personSubject(personId), recorded)) ?? undefined);
}
