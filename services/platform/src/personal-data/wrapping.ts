import type { Collection, Doc } from '../documents/document-store';
import { deriveKey, fromBase64, gcmOpen, gcmSeal, KEY_BYTES, type SecretKey } from './crypto';
import { PersonalDataError } from './errors';

// The keys a master key derives, and how keys are wrapped under it: shared by the vault and the master-key rotation.
// HKDF info strings: changing one orphans every key or hash made under it, so each carries a version.
export const INFO_ID_HASH = 'grid.idHash.v1';
export const INFO_ID_LOOKUP = 'grid.idLookup.v1';
export const INFO_WRAP = 'grid.personalData.wrap.v1';
export const INFO_KEY_ID = 'grid.personalData.keyId.v1';
const INFO_MASTER_ID = 'grid.personalData.masterKeyId.v1';

/** Fingerprint of a master key (stored beside each wrapped key): names a mismatch, and tells rotation which rows are done. */
export const masterKeyIdOf = (masterKey: Buffer): string => deriveKey(masterKey, INFO_MASTER_ID).subarray(0, 8).toString('hex');

export interface WrappedBox {
  /** base64 of the encrypted key bytes. */
  wrapped: string;
  iv: string;
  tag: string;
}

export function wrap(wrapKey: SecretKey, raw: Buffer, aad: Buffer): WrappedBox {
  const box = gcmSeal(wrapKey, raw, aad);
  return { wrapped: box.ciphertext.toString('base64'), iv: box.iv.toString('base64'), tag: box.tag.toString('base64') };
}

/** The key bytes, or null when the box does not authenticate under this wrapping key. */
export function unwrap(wrapKey: SecretKey, box: WrappedBox, aad: Buffer): Buffer | null {
  const iv = fromBase64(box.iv);
  const tag = fromBase64(box.tag);
  const wrapped = fromBase64(box.wrapped);
  return iv && tag && wrapped ? gcmOpen(wrapKey, { iv, tag, ciphertext: wrapped }, aad) : null;
}

/** Binds a wrapped key to its row: one copied under another subject's id does not unwrap. */
export const wrapAadOf = (subjectId: string, keyId: string): Buffer => Buffer.from(JSON.stringify([subjectId, keyId]), 'utf8');

/**
 * The keys a master-key rotation carries over, one document per master key that holds them (`_id`: its fingerprint),
 * wrapped under it. Beside the data keys and NOT a projection: losing it loses every ID number's row and every keyId's
 * check. No document at all: the district never rotated, and they are derived from the master key.
 */
export const PERSONAL_DATA_MASTER = 'personal_data_master';

export type CarriedKeysDoc = Doc &
  WrappedBox & {
    _id: string;
    /** The master key they were carried over from. */
    from: string;
    createdAt: string;
  };

/** `K_lookup` (the id-refs rows' HMAC key) and the keyId MAC key: the first master key's, for as long as the district lives. */
export interface CarriedKeys {
  idLookup: Buffer;
  keyId: Buffer;
}

const carriedAad = (masterKeyId: string): Buffer => Buffer.from(JSON.stringify(['carried', masterKeyId]), 'utf8');

/**
 * The carried keys as the master key `masterKeyId` (wrapping key `wrapKey`) holds them; null when the district never
 * rotated (they are the master key's own). A get is started at once, before any await: a vault starts it as it is made.
 */
export async function carriedKeys(docs: Collection<CarriedKeysDoc>, wrapKey: SecretKey, masterKeyId: string): Promise<CarriedKeys | null> {
  const doc = await docs.get(masterKeyId);
  if (!doc) {
    if ((await docs.count()) > 0) {
      throw new PersonalDataError('wrong-master-key', PERSONAL_DATA_MASTER, `master key ${masterKeyId} is not the district's: its keys were carried over to another master key (a rotation), and this one holds none`);
    }
    return null;
  }
  const raw = unwrap(wrapKey, doc, carriedAad(masterKeyId));
  if (!raw || raw.length !== 2 * KEY_BYTES) throw new PersonalDataError('tampered', PERSONAL_DATA_MASTER, `the carried keys of master key ${masterKeyId} do not authenticate`);
  return { idLookup: Buffer.from(raw.subarray(0, KEY_BYTES)), keyId: Buffer.from(raw.subarray(KEY_BYTES)) };
}

/** The carried keys wrapped under a new master key. */
export function carriedKeysDoc(newMasterKey: Buffer, keys: CarriedKeys, from: string): CarriedKeysDoc {
  const id = masterKeyIdOf(newMasterKey);
  const raw = Buffer.concat([keys.idLookup, keys.keyId]);
  try {
    return { _id: id, ...wrap(deriveKey(newMasterKey, INFO_WRAP), raw, carriedAad(id)), from, createdAt: new Date().toISOString() };
  } finally {
    raw.fill(0);
  }
}
