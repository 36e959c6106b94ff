import type { Sealed } from '@grid/contracts';

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
export const householdSubject = (householdId: string): string => `household:${householdId}`;

/** A Sealed value as events and read models carry it (strict: exactly these four strings). */
export function isSealed(value: unknown): value is Sealed {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 4 && ['keyId', 'iv', 'tag', 'ciphertext'].every((k) => typeof (value as Record<string, unknown>)[k] === 'string');
}
