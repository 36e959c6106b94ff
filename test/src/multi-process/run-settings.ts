import { KeyObject, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSigningKeys } from '@grid/platform/http';
import { useSigningKeys } from './http-client';
import { openFeed } from './mongo-feed';

/**
 * What every service process of one run shares: the bus, the database (opened here only so that afterAll can drop
 * it), one vault master key and the public key of the signing keys the test's tokens are made with.
 */
export async function prepareRun(label: string, dirs: string[], run: { brokers: string; mongoUrl: string; database: string }) {
  const keysDir = mkdtempSync(join(tmpdir(), `e2e-${label}-keys-`));
  dirs.push(keysDir);
  const keys = await loadOrCreateSigningKeys(keysDir);
  useSigningKeys(keys);
  await openFeed(run.mongoUrl, run.database);
  return {
    ...run,
    masterKey: randomBytes(32).toString('base64'),
    publicKeyPem: KeyObject.from(keys.publicKey).export({ format: 'pem', type: 'spki' }).toString(),
  };
}
