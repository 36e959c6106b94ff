import { chmod, link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

/** ES256: in WebCrypto everywhere, and what most identity providers issue too. */
export const EMBEDDED_ALG = 'ES256';
export const EMBEDDED_ISSUER = 'grid-governance/embedded';
export const EMBEDDED_AUDIENCE = 'grid-governance';

export interface SigningKeys {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export const signingKeyPath = (dataDir: string): string => join(dataDir, 'keys', 'jwt-signing.jwk.json');

/**
 * The embedded mode's key pair: generated on first use and kept in the data folder, so tokens survive
 * restarts and `gridctl token` (another process) signs with the same key the server verifies with.
 * The file holds a private key: mode 0600 in a 0700 folder.
 */
export async function loadOrCreateSigningKeys(dataDir: string): Promise<SigningKeys> {
  const file = signingKeyPath(dataDir);
  const existing = await readKeyFile(file);
  if (existing) return existing;
  await mkdir(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair(EMBEDDED_ALG, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: EMBEDDED_ALG, use: 'sig' };
  jwk.kid = await calculateJwkThumbprint(jwk);
  // Write aside, then link into place: link fails if another process got there first, and then both
  // use the winner's key; a reader never sees a half-written file.
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`; // unique even for two calls in one millisecond
  await writeFile(tmp, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(tmp, { force: true });
  }
  const created = await readKeyFile(file);
  if (!created) throw new Error(`signing key ${file} vanished while being created`);
  return created;
}

async function readKeyFile(file: string): Promise<SigningKeys | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  // A copied data folder can widen the mode; a private key readable by others is tightened, not used as is.
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  const jwk = JSON.parse(text) as JWK;
  if (!jwk.d || !jwk.kid) throw new Error(`signing key ${file} is not a private JWK with a kid`);
  const alg = jwk.alg ?? EMBEDDED_ALG;
  // Only the public members: exported private JWKs carry key_ops ['sign'], which a verify key must not.
  const publicJwk = Object.fromEntries(Object.entries({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }).filter(([, v]) => v !== undefined)) as JWK;
  const privateKey = (await importJWK(jwk, alg)) as CryptoKey;
  const publicKey = (await importJWK(publicJwk, alg)) as CryptoKey;
  return { kid: jwk.kid, alg, privateKey, publicKey };
}
