import { adoptV1IdNumbers } from '@grid/grid-records';
import { masterKeyFileOf, openInfrastructure, recordMasterKeyRotation, rotateMasterKey, type Config, type MasterKeyRotation } from '@grid/platform';

/**
 * `gridctl keys rotate-master` (docs/audit.md, "Closing v1"): an operator action with every process that opens the key
 * file stopped, as `erase` is, so no HTTP route: a running server caches data keys and holds the old master key.
 */
export async function rotateMaster(config: Config, sub: string, onProgress?: (rewrapped: number, total: number) => void): Promise<MasterKeyRotation & { adoptedIdNumbers: number; skippedIdNumbers: number }> {
  const file = masterKeyFileOf(config);
  if (!file) {
    throw new Error('rotate-master writes the new key where the configuration reads it, and PERSONAL_DATA_MASTER_KEY is no file: put the key in a file, set PERSONAL_DATA_MASTER_KEY_FILE to it instead, then rotate');
  }
  const infra = await openInfrastructure(config);
  try {
    let adoptedIdNumbers = 0;
    let skippedIdNumbers = 0;
    const rotation = await rotateMasterKey({
      keys: infra.keys,
      file,
      beforeRotating: async (vault) => {
        ({ adopted: adoptedIdNumbers, skipped: skippedIdNumbers } = await adoptV1IdNumbers(infra.store, vault));
      },
      record: (done) => recordMasterKeyRotation(infra.store, { ...done, adoptedIdNumbers, skippedIdNumbers }, { id: sub, role: 'operator' }),
      ...(onProgress ? { onProgress } : {}),
    });
    return { ...rotation, adoptedIdNumbers, skippedIdNumbers };
  } finally {
    await infra.close();
  }
}
