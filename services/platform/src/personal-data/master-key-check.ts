import { ConfigError } from '../config/config';
import type { DocumentStore } from '../documents/document-store';
import { deriveKey, importKey } from './crypto';
import { PersonalDataError } from './errors';
import { PERSONAL_DATA_KEYS, type PersonalDataKeyDoc } from './vault';
import { carriedKeys, INFO_WRAP, masterKeyIdOf, PERSONAL_DATA_MASTER, type CarriedKeysDoc } from './wrapping';

/**
 * At start: refuses a master key the key file's data keys are not wrapped under (a copy from before a rotation,
 * another district's key), which would otherwise serve and answer 500 on every personal-data request.
 */
export async function assertMasterKeyOfDistrict(keys: DocumentStore, masterKey: Buffer): Promise<void> {
  const id = masterKeyIdOf(masterKey);
  const refuse = (why: string) => new ConfigError(`invalid configuration:\n  personal-data master key (fingerprint ${id}): ${why}`);
  try {
    await carriedKeys(keys.collection<CarriedKeysDoc>(PERSONAL_DATA_MASTER), importKey(deriveKey(masterKey, INFO_WRAP)), id);
  } catch (error) {
    if (!(error instanceof PersonalDataError)) throw error;
    if (error.code !== 'wrong-master-key') throw refuse(error.message);
    throw refuse("not the district's: its keys were carried over to another master key (gridctl keys rotate-master); start with the current key");
  }
  const stray = await keys.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS).count({ masterKeyId: { $ne: id } });
  if (stray > 0) throw refuse(`${stray} data keys are wrapped under another master key (was it replaced by gridctl keys rotate-master?); start with the current key`);
}
