import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { masterKeyRotated, type Actor } from '@grid/contracts';
import type { DocumentStore } from '../documents/document-store';
import type { EventStore } from '../store/event-store';
import { deriveKey, importKey, sameBytes } from './crypto';
import { PersonalDataError } from './errors';
import { pendingMasterKeyPath, readMasterKeyFile } from './master-key';
import { createPersonalDataVault, PERSONAL_DATA_KEYS, type PersonalDataKeyDoc, type PersonalDataVault } from './vault';
import {
  carriedKeys,
  carriedKeysDoc,
  INFO_ID_LOOKUP,
  INFO_KEY_ID,
  INFO_WRAP,
  masterKeyIdOf,
  PERSONAL_DATA_MASTER,
  unwrap,
  wrap,
  wrapAadOf,
  type CarriedKeysDoc,
} from './wrapping';

export interface MasterKeyRotation {
  /** Fingerprints of the master key replaced and of its successor (masterKeyId of the data keys' rows). */
  from: string;
  to: string;
  /** Data keys rewrapped by this run (a resumed run: those the interrupted one had left). */
  rewrapped: number;
  /** This run finished a rotation an interrupted one had started. */
  resumed: boolean;
}

export interface RotateMasterKeyOptions {
  /** The key file (infrastructure `keys`): data keys, id-refs rows, carried keys. */
  keys: DocumentStore;
  /** The file the configuration reads the master key from (masterKeyFileOf). */
  file: string;
  /**
   * Under the old master key, before anything changes: whatever needs its v1 idHash key one last time (grid-records
   * gives every number its events record by a v1 hash its id-refs row). Not run when resuming: it ran before.
   */
  beforeRotating: (vault: PersonalDataVault) => Promise<void>;
  /** Once every data key is under the new master key, before the old one is destroyed: the audit event (idempotent). */
  record: (rotation: MasterKeyRotation) => Promise<void>;
  /** Progress: data keys rewrapped so far, of those that were left. */
  onProgress?: (rewrapped: number, total: number) => void;
}

const BATCH = 500;
const PURGE_ATTEMPTS = 10;

/** Where rotations are recorded (not relayed: contracts EVENT_STREAMS `platform.personal-data`). */
export const MASTER_KEY_STREAM = 'masterkeys-log';
export const MASTER_KEY_ROTATED = masterKeyRotated.type;

/**
 * The audit event of a rotation (fingerprints and counts, nothing personal), once per new master key: a rerun after
 * a kill between this and the end finds it and appends nothing.
 */
export async function recordMasterKeyRotation(
  store: Pick<EventStore, 'readStream' | 'append'>,
  rotation: MasterKeyRotation & { adoptedIdNumbers: number; skippedIdNumbers?: number },
  actor: Actor,
): Promise<void> {
  const recorded = await store.readStream(MASTER_KEY_STREAM);
  if (recorded.some((e) => e.type === MASTER_KEY_ROTATED && (e.data as { to?: unknown }).to === rotation.to)) return;
  const { from, to, adoptedIdNumbers, skippedIdNumbers = 0, rewrapped, resumed } = rotation;
  const data = masterKeyRotated.data.parse({ from, to, adoptedIdNumbers, skippedIdNumbers, rewrappedKeys: rewrapped, resumed });
  await store.append(MASTER_KEY_STREAM, [{ type: MASTER_KEY_ROTATED, schemaVersion: masterKeyRotated.schemaVersion, data, actor }], {
    expectedRevision: recorded.length === 0 ? 'no-stream' : recorded.at(-1)!.streamRevision,
  });
}

/**
 * Replaces the personal-data master key (docs/audit.md, "Closing v1"). The new key is written beside the old one
 * (`<file>.next`, durably) before any data key is rewrapped, and every row names the master key that wrapped it, so a
 * run killed at any point is finished by running it again; meanwhile no process starts (loadMasterKey refuses while
 * `<file>.next` exists). The ID look-up key and the keyId MAC key are carried over, wrapped under the new key, so id-refs
 * rows and sealed values keep working; the v1 idHash key is not: it dies with the old master key. Run with every
 * process that uses the key file stopped (they cache keys).
 */
export async function rotateMasterKey(options: RotateMasterKeyOptions): Promise<MasterKeyRotation> {
  const { keys, file } = options;
  const pendingFile = pendingMasterKeyPath(file);
  const rows = keys.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS);
  const carried = keys.collection<CarriedKeysDoc>(PERSONAL_DATA_MASTER);
  let next = readMasterKeyFile(pendingFile);
  const resumed = next !== null;
  // Resuming, a key file that does not read was being overwritten with the new key: every data key was rewrapped.
  const current = resumed ? readOrNull(file) : readMasterKeyFile(file);
  if (!current && !resumed) throw new Error(`no master key at ${file}`);
  if (!next) {
    const stray = await rows.count({ masterKeyId: { $ne: masterKeyIdOf(current!) } });
    if (stray > 0) throw new PersonalDataError('wrong-master-key', PERSONAL_DATA_KEYS, `${stray} data keys are wrapped under another master key than ${file}'s: nothing was changed`);
    await assertEveryKeyUnwraps(keys, current!, file);
    await options.beforeRotating(createPersonalDataVault({ documents: keys, masterKey: current!, cacheSize: 0 }));
    next = randomBytes(32);
    writeNewKeyFile(pendingFile, next);
  }
  const to = masterKeyIdOf(next);
  // The key file already holds the new key: the run that wrote it was killed before removing <file>.next.
  const old = current && !sameBytes(current, next) ? current : null;
  const from = old ? masterKeyIdOf(old) : ((await carried.get(to))?.from ?? to);
  let rewrapped = 0;
  if (old) {
    if (!(await carried.get(to))) {
      const held = (await carriedKeys(carried, importKey(deriveKey(old, INFO_WRAP)), from)) ?? {
        idLookup: deriveKey(old, INFO_ID_LOOKUP),
        keyId: deriveKey(old, INFO_KEY_ID),
      };
      await carried.putIfVersion(carriedKeysDoc(next, held, from), undefined);
    }
    rewrapped = await rewrapAll(keys, old, next, options.onProgress);
    // Durable before the old key goes: at synchronous NORMAL the key file's commits reach the disk at a checkpoint.
    await purged(keys);
    await options.record({ from, to, rewrapped, resumed });
    overwriteKeyFile(file, next);
  } else {
    const left = await rows.count({ masterKeyId: { $ne: to } });
    if (left > 0 && !current) throw new Error(`${file} does not read and ${left} data keys are not under the new key yet: restore ${file} from its backup, then run this again`);
    if (left > 0) {
      throw new Error(
        `${file} holds the new master key, yet ${left} data keys are wrapped under another master key (their rewrapping was lost, e.g. in a power cut): nothing was deleted; put the old master key back in ${file} (from its backup), then run this again`,
      );
    }
    if (!current) overwriteKeyFile(file, next);
  }
  // Wrapped under keys nobody holds any more: deleted, their bytes purged with the old wrappings'. Before `.next` goes,
  // so a run that fails here is finished by the next.
  for (const doc of await carried.find()) if (doc._id !== to) await carried.delete(doc._id);
  await purged(keys);
  rmSync(pendingFile);
  fsyncDirectory(dirname(file));
  return { from, to, rewrapped, resumed };
}

/** The store's checkpoint throws while a reader holds the WAL (its own checkpointer thread, briefly): tried again. */
async function purged(keys: DocumentStore): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await keys.purgeDeleted?.();
    } catch (error) {
      if (attempt >= PURGE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/**
 * Before `.next` exists: a row (or the carried keys' document) that does not unwrap would stop the rewrapping half-way,
 * and no process could start.
 */
async function assertEveryKeyUnwraps(keys: DocumentStore, masterKey: Buffer, file: string): Promise<void> {
  const rows = keys.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS);
  const wrapKey = importKey(deriveKey(masterKey, INFO_WRAP));
  const held = await carriedKeys(keys.collection<CarriedKeysDoc>(PERSONAL_DATA_MASTER), wrapKey, masterKeyIdOf(masterKey));
  held?.idLookup.fill(0);
  held?.keyId.fill(0);
  const bad: string[] = [];
  for (let afterId: string | undefined; ; ) {
    const batch = await rows.find({}, { limit: BATCH, ...(afterId === undefined ? {} : { afterId }) });
    if (batch.length === 0) break;
    for (const row of batch) {
      const raw = unwrap(wrapKey, row, wrapAadOf(row._id, row.keyId));
      if (!raw) bad.push(row._id);
      raw?.fill(0);
    }
    afterId = batch.at(-1)!._id;
  }
  if (bad.length === 0) return;
  const named = bad.length > 20 ? `${bad.slice(0, 20).join(', ')} and ${bad.length - 20} more` : bad.join(', ');
  throw new PersonalDataError('tampered', PERSONAL_DATA_KEYS, `${bad.length} data keys do not authenticate under ${file}'s master key (${named}): nothing was changed; restore them from a backup or shred them, then rotate`);
}

/** Every data key still under `old`, rewrapped under `next`, row by row: a row names its master key, so a rerun skips the done ones. */
async function rewrapAll(keys: DocumentStore, old: Buffer, next: Buffer, onProgress?: (done: number, total: number) => void): Promise<number> {
  const rows = keys.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS);
  const from = masterKeyIdOf(old);
  const to = masterKeyIdOf(next);
  const oldWrap = importKey(deriveKey(old, INFO_WRAP));
  const newWrap = importKey(deriveKey(next, INFO_WRAP));
  const total = await rows.count({ masterKeyId: from });
  let done = 0;
  for (;;) {
    const batch = await rows.find({ masterKeyId: from }, { limit: BATCH });
    if (batch.length === 0) break;
    // A batch's writes side by side: the key store commits them together (one sync, not one per key).
    const written = await Promise.all(
      batch.map((row) => {
        const aad = wrapAadOf(row._id, row.keyId);
        const raw = unwrap(oldWrap, row, aad);
        if (!raw) throw new PersonalDataError('tampered', row._id, `stored data key ${row.keyId} does not authenticate`);
        const box = wrap(newWrap, raw, aad);
        raw.fill(0);
        // Compare-and-set: a key shredded meanwhile (a server left running) must not come back.
        return rows.putIfVersion({ ...row, ...box, masterKeyId: to }, row._version ?? 0);
      }),
    );
    done += written.filter(Boolean).length;
    onProgress?.(done, total);
  }
  const stray = await rows.count({ masterKeyId: { $ne: to } });
  if (stray > 0) throw new PersonalDataError('wrong-master-key', PERSONAL_DATA_KEYS, `${stray} data keys are wrapped under neither the old nor the new master key`);
  return done;
}

function readOrNull(file: string): Buffer | null {
  try {
    return readMasterKeyFile(file);
  } catch {
    return null;
  }
}

const keyText = (key: Buffer): string => `${key.toString('base64')}\n`;

/** A new file, whole or not at all: written aside, synced, renamed into place, the folder synced. */
function writeNewKeyFile(file: string, key: Buffer): void {
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, keyText(key));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  fsyncDirectory(dirname(file));
}

/**
 * The old key's bytes overwritten in place (same file, same blocks where the file system allows), padded to the old
 * length, not a new file renamed over it (which would leave the old blocks as they were). Killed half-way, the
 * key is still whole in `<file>.next`, and the rerun writes it again.
 */
function overwriteKeyFile(file: string, key: Buffer): void {
  if (!existsSync(file)) return writeNewKeyFile(file, key);
  const text = Buffer.from(keyText(key));
  const size = Math.max(statSync(file).size, text.length);
  const padded = Buffer.alloc(size, ' ');
  text.copy(padded, 0, 0, text.length - 1);
  padded[size - 1] = 0x0a;
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, padded, 0, size, 0);
    ftruncateSync(fd, size);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
