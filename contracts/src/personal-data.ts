import { z } from 'zod';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * A personal field (name, 身份证 ID number, phone, free-text notes) as it travels in events: sealed by the
 * application layer with AES-256-GCM under the person's own key (docs/architecture.md "Personal data", PIPL).
 * Deleting that key erases the field from every copy of history (crypto-shredding) while the hash chain,
 * which covers the ciphertext, stays intact. Strict: a sealed value never carries a clear-text sibling.
 */
export const SealedSchema = z.strictObject({
  /** Which key sealed it (one per person, or per household for the address). */
  keyId: z.string().min(1).max(200),
  /** base64 96-bit GCM nonce. */
  iv: z.string().regex(BASE64),
  /** base64 GCM authentication tag. */
  tag: z.string().regex(BASE64),
  ciphertext: z.string().regex(BASE64),
});
export type Sealed = z.infer<typeof SealedSchema>;

/**
 * A sensitive field that v2 events seal under the person's key (a free-text reason, a disability's kind and grade:
 * health data, PIPL 第二十八条), so erasure reaches it; the plain value only in v1 events, which stay as written
 * (their upcasters copy it). Writers always seal: a scan of what they publish shows it (docs/audit.md).
 */
export const sealedSinceV2 = <T extends z.ZodType>(v1: T) => z.union([SealedSchema, v1]);

/**
 * Whose key seals a person's fields (name, ID number, phone): the person's own, which follows them across households
 * and services, so shredding it erases them everywhere. A service opening them for a declared purpose finds it so.
 */
export const personSubject = (personId: string): string => `person:${personId}`;

/**
 * `idHash`: the reference to a 身份证 number that finds and de-duplicates a person without decrypting anything.
 * 32 random bytes, linked to the number only by a row of the vault's key file that an erasure deletes (vault `idRef`,
 * docs/audit.md "Erasure"); in events written before that, the number's HMAC-SHA256 under a master-derived key.
 */
export const IdHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'idHash must be a hex HMAC-SHA256');

/**
 * Birth date and sex are derived from the 身份证 (GB 11643). The birth date is sealed under the person's key since v2
 * of the member events (`sealedSinceV2`: clear only in v1 events), so erasure reaches it: with a region code it narrows
 * the ID number to a thousand candidates. Its year stays in clear (`birthYear`) for age rules everywhere (高龄补贴 age
 * bands, children's programs under 18, voters 18+); a reader that needs the day (the year a person turns the age)
 * opens the date for it. Sex stays in clear: on its own it does not identify a person.
 */
export const BirthDateSchema = z.iso.date();
export const BirthYearSchema = z.int().min(1800).max(2200);
export const SexSchema = z.enum(['male', 'female']);
export type Sex = z.infer<typeof SexSchema>;

/** The year of a birth date `YYYY-MM-DD` (an upcaster adds it to events written before it was published). */
export const yearOf = (date: string): number => Number(date.slice(0, 4));
