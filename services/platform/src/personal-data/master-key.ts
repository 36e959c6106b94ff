import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, type Config } from '../config/config';
import { MASTER_KEY_BASE64, MASTER_KEY_HINT } from './master-key-format';

export const embeddedMasterKeyPath = (dataDir: string): string => join(dataDir, 'keys', 'personal-data-master.key');

/** Where a master-key rotation writes the new key before anything is rewrapped (master-key-rotation.ts). */
export const pendingMasterKeyPath = (file: string): string => `${file}.next`;

/** The file the configuration reads the master key from; null when it is PERSONAL_DATA_MASTER_KEY, which no command can rewrite. */
export function masterKeyFileOf(config: Config): string | null {
  if (config.PERSONAL_DATA_MASTER_KEY) return null;
  if (config.PERSONAL_DATA_MASTER_KEY_FILE) return resolve(config.PERSONAL_DATA_MASTER_KEY_FILE);
  return embeddedMasterKeyPath(config.dataDir);
}

/**
 * The master key that wraps every subject's data key and keys the 身份证 hash. Production passes it in
 * (PERSONAL_DATA_MASTER_KEY, or PERSONAL_DATA_MASTER_KEY_FILE for a mounted secret holding the same base64
 * text); embedded mode keeps one in the data folder, created on first start. Losing it loses every person's
 * data, so an unreadable key file is an error, never a reason to make a new key.
 */
export function loadMasterKey(config: Config): Buffer {
  if (config.PERSONAL_DATA_MASTER_KEY) return decode(config.PERSONAL_DATA_MASTER_KEY, 'PERSONAL_DATA_MASTER_KEY');
  if (config.PERSONAL_DATA_MASTER_KEY_FILE) {
    const file = resolve(config.PERSONAL_DATA_MASTER_KEY_FILE);
    assertNoRotationPending(file);
    const text = readText(file);
    if (text === null) throw new ConfigError(`invalid configuration:\n  PERSONAL_DATA_MASTER_KEY_FILE: ${file} does not exist`);
    return decode(text.trim(), 'PERSONAL_DATA_MASTER_KEY_FILE', file);
  }
  // Replicas share one MongoDB, hence one personal_data_keys collection: a key file per pod would give each
  // its own master key, so pods could not open each other's data and 身份证 hashes would not match.
  if (config.DOCUMENT_STORE === 'mongodb') {
    throw new ConfigError('invalid configuration:\n  PERSONAL_DATA_MASTER_KEY: required when DOCUMENT_STORE=mongodb (or PERSONAL_DATA_MASTER_KEY_FILE): every replica must hold the same master key');
  }
  return loadOrCreateEmbedded(embeddedMasterKeyPath(config.dataDir));
}

/** Half the data keys may be under the new key, half under the old: no process starts until the rotation is finished. */
function assertNoRotationPending(file: string): void {
  if (readText(pendingMasterKeyPath(file)) === null) return;
  throw new ConfigError(`invalid configuration:\n  personal-data master key: a master-key rotation of ${file} was interrupted; finish it first: gridctl keys rotate-master`);
}

function decode(text: string, variable: string, file?: string): Buffer {
  // The value itself is never echoed: it is a secret, even when wrong.
  if (!MASTER_KEY_BASE64.test(text)) throw new ConfigError(`invalid configuration:\n  ${variable}: ${file ? `${file} ` : ''}${MASTER_KEY_HINT}`);
  return Buffer.from(text, 'base64');
}

/** Synchronous like loadConfig: it runs once at start, before anything is served. */
function loadOrCreateEmbedded(file: string): Buffer {
  assertNoRotationPending(file);
  const existing = readMasterKeyFile(file);
  if (existing) return existing;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // Write aside, then link into place (as auth/signing-keys.ts does): link fails if another process got
  // there first, and then both use the winner's key; nobody ever reads a half-written file.
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`; // unique even for two calls in one millisecond
  writeFileSync(tmp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
  const created = readMasterKeyFile(file);
  if (!created) throw new Error(`personal-data master key ${file} vanished while being created`);
  return created;
}

/** A key file's key, null when there is no such file (a file readable by others is tightened first). */
export function readMasterKeyFile(file: string): Buffer | null {
  const text = readText(file);
  if (text === null) return null;
  // A copied data folder can widen the mode; a secret readable by others is tightened, not used as is.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return decode(text.trim(), 'personal-data master key', file);
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
