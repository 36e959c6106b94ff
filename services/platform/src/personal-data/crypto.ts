import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomFillSync, timingSafeEqual, type KeyObject } from 'node:crypto';

/** Raw key bytes, or a KeyObject made once (createSecretKey) for a key used on every call: no per-call key import. */
export type SecretKey = Buffer | KeyObject;

export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

/**
 * One purpose, one key: the master key only ever feeds HKDF, so the wrapping key, the 身份证 look-up key and
 * the keyId MAC key are independent (a leak of the look-up key, which must sit in every process that
 * de-duplicates, reveals nothing about wrapped keys). No salt: the master key is already uniformly random.
 */
export function deriveKey(masterKey: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, KEY_BYTES));
}

/**
 * Imports key bytes into a KeyObject once and wipes the bytes. Handing a Buffer to createCipheriv makes
 * Node import it again on every call (prepareSecretKey: ~4 % of CPU on the write path); a KeyObject is
 * used as is. The KeyObject holds its own copy, so the Buffer is zeroed and only one form stays alive.
 */
export function importKey(raw: Buffer): KeyObject {
  try {
    return createSecretKey(raw);
  } finally {
    raw.fill(0);
  }
}

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/**
 * `n` bytes from the CSPRNG, served from a pool filled 4 KiB at a time: a registration asks for a dozen small
 * values (keys, IVs, ids) and one call into OpenSSL per value showed up in profiles. Each value is a copy,
 * and the bytes it came from are zeroed, so no key material stays behind in the pool once handed out.
 */
export function secureRandom(n: number): Buffer {
  if (n > POOL_BYTES / 4) return randomFillSync(Buffer.alloc(n));
  if (used + n > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const out = Buffer.from(pool.subarray(used, used + n));
  pool.fill(0, used, used + n);
  used += n;
  return out;
}

export interface GcmBox {
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/** AES-256-GCM with a fresh random 96-bit IV: random IVs are safe far beyond any one person's seal count. */
export function gcmSeal(key: SecretKey, plaintext: Buffer, aad: Buffer): GcmBox {
  const iv = secureRandom(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

/** null when authentication fails. authTagLength is fixed: Node otherwise accepts truncated (forgeable) tags. */
export function gcmOpen(key: SecretKey, box: GcmBox, aad: Buffer): Buffer | null {
  if (box.iv.length !== IV_BYTES || box.tag.length !== TAG_BYTES) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, box.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(box.tag);
  try {
    return Buffer.concat([decipher.update(box.ciphertext), decipher.final()]);
  } catch {
    return null;
  }
}

export function hmacSha256(key: SecretKey, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict: Buffer.from(…, 'base64') silently skips junk, which would hide a corrupted value. */
export function fromBase64(text: string): Buffer | null {
  return typeof text === 'string' && BASE64.test(text) ? Buffer.from(text, 'base64') : null;
}
