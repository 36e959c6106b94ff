import type { DocumentStore } from '../documents/document-store';
import { PERSONAL_DATA_KEYS, type PersonalDataKeyDoc } from '../personal-data/vault';

/**
 * Data folders written before the keys had their own file kept them in documents.db. Moves them over: each
 * key is written to `keys` (kept if already there) before it is deleted from `documents`, so a crash half-way
 * loses nothing and the next start finishes the move. Deleting the old copy matters: crypto-shredding must
 * erase the only copy of a key. Returns how many were moved.
 */
export async function moveKeys(documents: DocumentStore, keys: DocumentStore): Promise<number> {
  const from = documents.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS);
  const to = keys.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS);
  let moved = 0;
  for (;;) {
    const batch = await from.find({}, { limit: 500 });
    if (batch.length === 0) return moved;
    await Promise.all(batch.map(async (doc) => {
      const { _version: _v, ...key } = doc;
      // A key already in personal-data-keys.db wins: it may be newer than a stale copy (never rewrapped twice differently).
      if (!(await to.get(doc._id))) await to.putIfVersion(key as PersonalDataKeyDoc, undefined);
    }));
    for (const doc of batch) await from.delete(doc._id);
    moved += batch.length;
  }
}
